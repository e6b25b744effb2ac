import type { Store } from "../core/store";
import type { WebhookEndpoint } from "../objects/webhook-endpoint";
import type { Endpoint } from "./delivery";

/**
 * Three sources of endpoints: fixed ones from options/CLI flags, `listen` forwarders registered through
 * the control API (invisible to /v1/webhook_endpoints, like the Stripe CLI's), and API-created ones.
 */
export class EndpointRegistry {
  private readonly fixed: Endpoint[];
  private readonly listeners = new Map<string, Endpoint>();

  constructor(
    private readonly store: Store,
    fixed: Endpoint[],
  ) {
    this.fixed = fixed;
  }

  all(): Endpoint[] {
    const fromApi = this.store
      .list<WebhookEndpoint>("webhook_endpoint")
      .filter((we) => we.status === "enabled")
      .flatMap((we): Endpoint[] => {
        const secret = this.store.internal.webhookSecrets[we.id];
        return secret ? [{ id: we.id, url: we.url, secret, enabledEvents: we.enabled_events }] : [];
      });
    return [...this.fixed, ...this.listeners.values(), ...fromApi.reverse()];
  }

  find(id: string): Endpoint | undefined {
    return this.all().find((e) => e.id === id);
  }

  addListener(endpoint: Endpoint): void {
    this.listeners.set(endpoint.id, endpoint);
  }

  removeListener(id: string): boolean {
    return this.listeners.delete(id);
  }

  fixedEndpoints(): Endpoint[] {
    return [...this.fixed, ...this.listeners.values()];
  }
}
