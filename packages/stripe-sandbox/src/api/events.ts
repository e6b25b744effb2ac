import { newId, newWebhookSecret } from "../core/ids";
import { API_VERSION } from "../core/constants";
import { checkApiVersion } from "./version";
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, freshMetadata } from "../http/params";
import type { StripeEvent } from "../objects/event";
import { buildWebhookEndpoint, type WebhookEndpoint } from "../objects/webhook-endpoint";
import { createdFilter, LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";
import type { Deps } from "../core/deps";

/** Stripe keeps events for 30 days: older ones can neither be retrieved nor listed (stripe-facts.md §9). */
const RETENTION_SECONDS = 30 * 24 * 3600;
/** `types[]` takes at most 20 names. */
const MOST_TYPES = 20;

/**
 * Events age in real time, as on Stripe, where moving a test clock moves billing time but not the
 * event log: the sandbox clock's advances (which date later events ahead) never hide an event. A
 * snapshot kept from over a month ago holds events Stripe would no longer have.
 */
const retained = (event: StripeEvent): boolean => event.created > Math.floor(Date.now() / 1000) - RETENTION_SECONDS;

function getEndpoint(deps: Deps, id: string): WebhookEndpoint {
  const we = deps.store.get<WebhookEndpoint>("webhook_endpoint", id);
  if (!we) throw resourceMissing("webhook_endpoint", id);
  return we;
}

export function registerEvents(router: ApiRouter): void {
  router.add("GET", "/v1/events/:id", (deps, req) => {
    const event = deps.store.get<StripeEvent>("event", req.path.get("id"));
    if (!event || !retained(event)) throw resourceMissing("event", req.path.get("id"));
    return event;
  });

  router.add("GET", "/v1/events", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "type", "types", "created", "delivery_success"]);
    const type = p.string("type");
    const types = p.strings("types");
    if (type !== undefined && types !== undefined) throw invalidRequest("You may only specify one of these parameters: type, types.", { param: "types" });
    if (types && types.length > MOST_TYPES) {
      throw invalidRequest(`Invalid array: types may contain at most ${MOST_TYPES} event types.`, { param: "types", code: "parameter_invalid_array" });
    }
    const inRange = createdFilter(p);
    const matches = (t: string): boolean => {
      if (types) return types.includes(t);
      if (!type) return true;
      // Stripe allows one `*` wildcard, e.g. `checkout.session.*`.
      return type.includes("*") ? new RegExp(`^${type.split("*").map(escapeRegex).join(".*")}$`).test(t) : t === type;
    };
    const listed = deps.store.list<StripeEvent>("event").filter((e) => retained(e) && matches(e.type) && inRange(e));
    return paginate(listed, p, "/v1/events");
  });

  router.add("POST", "/v1/webhook_endpoints", (deps, req) => {
    const p = req.params.allowOnly(["url", "enabled_events", "description", "metadata", "api_version", "connect"]);
    const url = p.requiredString("url");
    if (!/^https?:\/\//.test(url)) throw invalidRequest("Invalid URL: URL must be publicly accessible and use http or https.", { param: "url", code: "url_invalid" });
    checkApiVersion(p.string("api_version"), "api_version");
    const enabledEvents = p.strings("enabled_events");
    if (!enabledEvents || enabledEvents.length === 0) throw invalidRequest("Missing required param: enabled_events.", { param: "enabled_events", code: "parameter_missing" });
    const we = deps.store.insert(
      buildWebhookEndpoint({
        id: newId("we"),
        now: deps.clock.now(),
        url,
        enabledEvents,
        description: p.string("description") ?? null,
        metadata: freshMetadata(p.metadata()),
        apiVersion: p.string("api_version") ?? API_VERSION,
      }),
    );
    const secret = newWebhookSecret();
    deps.store.internal.webhookSecrets[we.id] = secret;
    // The secret is only ever returned by the create call, as on Stripe.
    return { ...we, secret };
  });

  router.add("GET", "/v1/webhook_endpoints/:id", (deps, req) => getEndpoint(deps, req.path.get("id")));

  router.add("POST", "/v1/webhook_endpoints/:id", (deps, req) => {
    const we = getEndpoint(deps, req.path.get("id"));
    const p = req.params.allowOnly(["url", "enabled_events", "description", "metadata", "disabled"]);
    we.url = p.string("url") ?? we.url;
    we.enabled_events = p.strings("enabled_events") ?? we.enabled_events;
    if (p.raw["description"] !== undefined) we.description = p.string("description") ?? null;
    if (p.raw["metadata"] !== undefined) we.metadata = applyMetadata(we.metadata, p.metadata());
    const disabled = p.bool("disabled");
    if (disabled !== undefined) we.status = disabled ? "disabled" : "enabled";
    deps.store.touch();
    return we;
  });

  router.add("GET", "/v1/webhook_endpoints", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS]);
    return paginate(deps.store.list<WebhookEndpoint>("webhook_endpoint"), p, "/v1/webhook_endpoints");
  });

  router.add("DELETE", "/v1/webhook_endpoints/:id", (deps, req) => {
    const we = getEndpoint(deps, req.path.get("id"));
    deps.store.delete(we.id);
    delete deps.store.internal.webhookSecrets[we.id];
    return { id: we.id, object: "webhook_endpoint", deleted: true };
  });
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
