import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata } from "../http/params";
import type { Invoice } from "../objects/invoice";
import { buildPortalSession } from "../objects/portal-session";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import { getCustomer } from "./customers";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

export function getSubscription(deps: Deps, id: string, param = "id"): Subscription {
  const sub = deps.store.get<Subscription>("subscription", id);
  if (!sub) throw resourceMissing("subscription", id, param);
  return sub;
}

export function setCancelAtPeriodEnd(deps: Deps, sub: Subscription, value: boolean): void {
  const previous = { cancel_at_period_end: sub.cancel_at_period_end, cancel_at: sub.cancel_at, canceled_at: sub.canceled_at };
  sub.cancel_at_period_end = value;
  sub.cancel_at = value ? currentPeriodEnd(sub) : null;
  sub.canceled_at = value ? deps.clock.now() : null;
  sub.cancellation_details = { ...sub.cancellation_details, reason: value ? "cancellation_requested" : null };
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

function cancelNow(deps: Deps, sub: Subscription): Subscription {
  if (sub.status === "canceled") {
    throw invalidRequest(`No such subscription: '${sub.id}'; it has already been canceled.`, { code: "resource_missing", status: 404, param: "id" });
  }
  const now = deps.clock.now();
  sub.status = "canceled";
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancellation_details = { ...sub.cancellation_details, reason: "cancellation_requested" };
  deps.store.touch();
  deps.bus.emit("customer.subscription.deleted", sub);
  return sub;
}

export function registerBilling(router: ApiRouter): void {
  router.add("GET", "/v1/subscriptions/:id", (deps, req) => getSubscription(deps, req.path.get("id")));

  router.add("POST", "/v1/subscriptions/:id", (deps, req) => {
    const sub = getSubscription(deps, req.path.get("id"));
    const p = req.params.allowOnly(["cancel_at_period_end", "metadata", "description", "proration_behavior", "cancellation_details", "default_payment_method"]);
    if (sub.status === "canceled") {
      throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.", { param: "cancel_at_period_end" });
    }
    const cancelAtPeriodEnd = p.bool("cancel_at_period_end");
    if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== sub.cancel_at_period_end) {
      setCancelAtPeriodEnd(deps, sub, cancelAtPeriodEnd);
    }
    const previous: Record<string, unknown> = {};
    if (p.raw["metadata"] !== undefined) {
      previous["metadata"] = sub.metadata;
      sub.metadata = applyMetadata(sub.metadata, p.metadata());
    }
    if (p.raw["description"] !== undefined) {
      previous["description"] = sub.description;
      sub.description = p.string("description") ?? null;
    }
    if (Object.keys(previous).length > 0) {
      deps.store.touch();
      deps.bus.emit("customer.subscription.updated", sub, previous);
    }
    return sub;
  });

  router.add("DELETE", "/v1/subscriptions/:id", (deps, req) => {
    req.params.allowOnly(["invoice_now", "prorate", "cancellation_details"]);
    return cancelNow(deps, getSubscription(deps, req.path.get("id")));
  });

  router.add("GET", "/v1/subscriptions", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "status", "price", "created", "current_period_end", "current_period_start", "collection_method"]);
    const customer = p.string("customer");
    const status = p.string("status");
    const price = p.string("price");
    const items = deps.store
      .list<Subscription>("subscription")
      // Without a status filter Stripe hides canceled subscriptions.
      .filter((s) => (status === undefined ? s.status !== "canceled" : status === "all" || s.status === status))
      .filter((s) => !customer || s.customer === customer)
      .filter((s) => !price || s.items.data.some((i) => i.price.id === price));
    return paginate(items, p, "/v1/subscriptions");
  });

  router.add("GET", "/v1/invoices/:id", (deps, req) => {
    const invoice = deps.store.get<Invoice>("invoice", req.path.get("id"));
    if (!invoice) throw resourceMissing("invoice", req.path.get("id"));
    return invoice;
  });

  router.add("GET", "/v1/invoices", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "subscription", "status", "created", "collection_method"]);
    const customer = p.string("customer");
    const subscription = p.string("subscription");
    const status = p.string("status");
    const items = deps.store
      .list<Invoice>("invoice")
      .filter((x) => !customer || x.customer === customer)
      .filter((x) => !subscription || x.subscription === subscription)
      .filter((x) => !status || x.status === status);
    return paginate(items, p, "/v1/invoices");
  });

  router.add("POST", "/v1/billing_portal/sessions", (deps, req) => {
    const p = req.params.allowOnly(["customer", "return_url", "configuration", "flow_data", "locale", "on_behalf_of"]);
    const customer = getCustomer(deps, p.requiredString("customer"), "customer");
    const id = newId("bps");
    return deps.store.insert(
      buildPortalSession({ id, now: deps.clock.now(), customer: customer.id, returnUrl: p.string("return_url") ?? null, url: `${deps.publicBase()}/p/session/${id}` }),
    );
  });
}
