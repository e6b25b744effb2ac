import type { Store } from "../core/store";
import type { WebhookEndpoint } from "../objects/webhook-endpoint";

export type Endpoint = { id: string; url: string; secret: string; enabledEvents: string[] };

export type EndpointSource = "static" | "listener" | "api";

export type EndpointState = Endpoint & { source: EndpointSource; status: "enabled" | "disabled" };

/**
 * Three sources of endpoints: fixed ones from options/CLI flags, `listen` forwarders registered through
 * the control API (invisible to /v1/webhook_endpoints, like the Stripe CLI's), and API-created ones.
 * API-created endpoints keep their status on the WebhookEndpoint object; the others have no object to
 * carry it, so their disabled flag lives here.
 */
export class EndpointRegistry {
  private readonly fixed: Endpoint[];
  private readonly listeners = new Map<string, Endpoint>();
  private readonly disabled = new Set<string>();

  constructor(
    private readonly store: Store,
    fixed: Endpoint[],
  ) {
    this.fixed = fixed;
  }

  /** Endpoints that receive events: enabled ones only. */
  all(): Endpoint[] {
    return this.states()
      .filter((e) => e.status === "enabled")
      .map(({ id, url, secret, enabledEvents }) => ({ id, url, secret, enabledEvents }));
  }

  find(id: string): Endpoint | undefined {
    return this.all().find((e) => e.id === id);
  }

  states(): EndpointState[] {
    const own = (source: EndpointSource) => (e: Endpoint): EndpointState => ({ ...e, source, status: this.disabled.has(e.id) ? "disabled" : "enabled" });
    const fromApi = this.store
      .list<WebhookEndpoint>("webhook_endpoint")
      .flatMap((we): EndpointState[] => {
        const secret = this.store.internal.webhookSecrets[we.id];
        return secret ? [{ id: we.id, url: we.url, secret, enabledEvents: we.enabled_events, source: "api", status: we.status }] : [];
      });
    return [...this.fixed.map(own("static")), ...[...this.listeners.values()].map(own("listener")), ...fromApi.reverse()];
  }

  /** Returns false for an unknown id. */
  setDisabled(id: string, disabled: boolean): boolean {
    const we = this.store.get<WebhookEndpoint>("webhook_endpoint", id);
    if (we) {
      we.status = disabled ? "disabled" : "enabled";
      this.store.touch();
      return true;
    }
    if (!this.fixed.some((e) => e.id === id) && !this.listeners.has(id)) return false;
    if (disabled) this.disabled.add(id);
    else this.disabled.delete(id);
    return true;
  }

  addListener(endpoint: Endpoint): void {
    this.listeners.set(endpoint.id, endpoint);
  }

  removeListener(id: string): boolean {
    this.disabled.delete(id);
    return this.listeners.delete(id);
  }

  fixedEndpoints(): Endpoint[] {
    return [...this.fixed, ...this.listeners.values()];
  }
}

/** Whether the endpoint takes events of this type (its enabled events, `*` for all). */
export function wants(endpoint: Endpoint, type: string): boolean {
  return endpoint.enabledEvents.includes("*") || endpoint.enabledEvents.includes(type);
}
