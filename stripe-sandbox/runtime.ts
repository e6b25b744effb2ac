import { Clock } from "./core/clock";
import type { Deps } from "./core/deps";
import { newWebhookSecret } from "./core/ids";
import { Store } from "./core/store";
import { EventBus } from "./events/bus";
import { DEFAULT_CHAOS, type ChaosConfig } from "./webhooks/chaos";
import { Deliverer, type DeliverySettings } from "./webhooks/delivery";
import { EndpointRegistry } from "./webhooks/endpoints";

export type StaticEndpoint = { url: string; secret: string; enabledEvents?: string[] };

type RuntimeOptions = {
  webhookEndpoints?: StaticEndpoint[];
  delivery?: Partial<DeliverySettings>;
  chaos?: Partial<ChaosConfig>;
  /** Secret handed to `listen` forwarders; defaults to the first static endpoint's, else a random one. */
  listenSecret?: string;
  publicBase: () => string;
};

const DEFAULT_DELIVERY: DeliverySettings = { timeoutMs: 10_000, retryBaseMs: 1_000, maxAttempts: 4 };

/** The sandbox's moving parts wired together, independent of HTTP. */
export class Runtime {
  readonly store = new Store();
  readonly clock = new Clock();
  readonly endpoints: EndpointRegistry;
  readonly deliverer: Deliverer;
  readonly bus: EventBus;
  readonly deps: Deps;
  readonly listenSecret: string;
  chaos: ChaosConfig;

  constructor(options: RuntimeOptions) {
    this.chaos = { ...DEFAULT_CHAOS, ...options.chaos };
    const fixed = (options.webhookEndpoints ?? []).map((e, i) => ({ id: `we_static_${i}`, url: e.url, secret: e.secret, enabledEvents: e.enabledEvents ?? ["*"] }));
    this.endpoints = new EndpointRegistry(this.store, fixed);
    this.listenSecret = options.listenSecret ?? fixed[0]?.secret ?? newWebhookSecret();
    this.deliverer = new Deliverer({ ...DEFAULT_DELIVERY, ...options.delivery }, () => this.chaos, {
      endpoint: (id) => this.endpoints.find(id),
      body: (eventId) => this.bus.body(eventId),
      delivered: (eventId, endpointId) => this.bus.markDelivered(eventId, endpointId),
    });
    this.bus = new EventBus(this.store, this.clock, this.deliverer, this.endpoints);
    this.deps = { store: this.store, clock: this.clock, bus: this.bus, publicBase: options.publicBase };
  }

  /** Clears customers, payments and events; keeps chaos config and webhook endpoints so listeners survive. */
  reset(): void {
    this.store.clear((obj) => obj.object === "webhook_endpoint");
    this.deliverer.clearLog();
    this.clock.reset();
  }
}
