import { Clock } from "./core/clock";
import type { Deps } from "./core/deps";
import { newWebhookSecret } from "./core/ids";
import { AFTER_FINAL_RETRY, defaultSettings, parseAfterFinalRetry, type AccountSettings } from "./core/settings";
import { Store } from "./core/store";
import { EventBus } from "./events/bus";
import { DEFAULT_CHAOS, type ChaosConfig } from "./webhooks/chaos";
import { Deliverer } from "./webhooks/delivery";
import { EndpointRegistry } from "./webhooks/endpoints";
import { resolveDelivery, type DeliveryOptions } from "./webhooks/settings";

export type StaticEndpoint = { url: string; secret: string; enabledEvents?: string[] };

type RuntimeOptions = {
  webhookEndpoints?: StaticEndpoint[];
  delivery?: DeliveryOptions;
  chaos?: Partial<ChaosConfig>;
  settings?: Partial<AccountSettings>;
  /** Secret handed to `listen` forwarders; defaults to the first static endpoint's, else a random one. */
  listenSecret?: string;
  publicBase: () => string;
};

/** The sandbox's moving parts wired together, independent of HTTP. */
export class Runtime {
  readonly store = new Store();
  readonly clock = new Clock();
  readonly endpoints: EndpointRegistry;
  readonly deliverer: Deliverer;
  readonly bus: EventBus;
  readonly deps: Deps;
  readonly listenSecret: string;
  /** API requests received, by "METHOD /path" (no query): Stripe's request log, for tests that count calls. */
  readonly requestCounts = new Map<string, number>();
  chaos: ChaosConfig;
  /** Like chaos, kept by `reset`: it is configuration, not account data. */
  readonly settings: AccountSettings;

  constructor(options: RuntimeOptions) {
    this.chaos = { ...DEFAULT_CHAOS, ...options.chaos };
    this.settings = { ...defaultSettings(), ...options.settings };
    if (!parseAfterFinalRetry(this.settings.afterFinalRetry)) {
      throw new Error(`settings.afterFinalRetry must be one of ${AFTER_FINAL_RETRY.join(", ")}, got ${String(this.settings.afterFinalRetry)}`);
    }
    const fixed = (options.webhookEndpoints ?? []).map((e, i) => ({ id: `we_static_${i}`, url: e.url, secret: e.secret, enabledEvents: e.enabledEvents ?? ["*"] }));
    this.endpoints = new EndpointRegistry(this.store, fixed);
    this.listenSecret = options.listenSecret ?? fixed[0]?.secret ?? newWebhookSecret();
    this.deliverer = new Deliverer(resolveDelivery(options.delivery), () => this.chaos, {
      endpoint: (id) => this.endpoints.find(id),
      disable: (id) => this.endpoints.setDisabled(id, true),
      now: () => this.clock.nowMs(),
      body: (eventId) => this.bus.body(eventId),
      delivered: (eventId, endpointId) => this.bus.markDelivered(eventId, endpointId),
    });
    this.bus = new EventBus(this.store, this.clock, this.deliverer, this.endpoints);
    this.deps = { store: this.store, clock: this.clock, bus: this.bus, settings: this.settings, publicBase: options.publicBase };
  }

  /** Clears customers, payments and events; keeps chaos config and webhook endpoints so listeners survive. */
  reset(): void {
    this.store.clear((obj) => obj.object === "webhook_endpoint");
    this.deliverer.clearLog();
    this.requestCounts.clear();
    this.deliverer.health.clear();
    this.clock.reset();
  }
}
