import type { Deps } from "../core/deps";
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, type Params } from "../http/params";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import { cancelNow } from "../billing/cancel-now";
import { changePlan, refuseIfEnded, resolveChange, type ChangeOptions } from "../billing/plan-change";
import { billingNow, depsFor } from "../billing/time";
import { changeTrial } from "../billing/trial-change";
import { LIST_PARAMS, paginate } from "./lists";
import { attachedPaymentMethod, getCustomer } from "./lookups";
import { trialEndParam } from "./subscription-trial";
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
  sub.canceled_at = value ? billingNow(deps, sub.customer) : null;
  sub.cancellation_details = { ...sub.cancellation_details, reason: value ? "cancellation_requested" : null };
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

/** Proration and payment options shared by `subscriptions.update` and the preview's `subscription_details`. */
export function changeOptions(deps: Deps, sub: Subscription, p: Params): ChangeOptions {
  const anchor = p.oneOf("billing_cycle_anchor", ["now", "unchanged"] as const);
  if (anchor === "now") throw invalidRequest("The sandbox keeps the billing cycle; use billing_cycle_anchor=unchanged.", { param: "billing_cycle_anchor" });
  return {
    prorationBehavior: p.oneOf("proration_behavior", ["create_prorations", "always_invoice", "none"] as const) ?? "create_prorations",
    prorationDate: p.int("proration_date") ?? billingNow(deps, sub.customer),
    paymentBehavior: p.oneOf("payment_behavior", ["allow_incomplete", "error_if_incomplete", "pending_if_incomplete", "default_incomplete"] as const) ?? "allow_incomplete",
  };
}

/** The `items` array as a price change on one existing item, the only kind the sandbox models. */
export function itemChange(deps: Deps, sub: Subscription, p: Params, key: string) {
  const items = p.objects(key);
  if (!items || items.length === 0) return null;
  if (items.length > 1) throw invalidRequest("The sandbox changes one subscription item at a time.", { param: key });
  const [item] = items;
  if (!item) return null;
  item.allowOnly(["id", "price", "quantity", "deleted", "metadata"]);
  const itemId = item.string("id");
  if (!itemId) throw invalidRequest("The sandbox can't add items to a subscription; pass the existing item's id.", { param: `${key}[0][id]` });
  const current = sub.items.data.find((i) => i.id === itemId);
  return resolveChange(deps, sub, { itemId, priceId: item.string("price") ?? current?.price.id ?? "", quantity: item.int("quantity"), param: `${key}[0]` });
}

const CANCELED_WRITABLE = new Set(["metadata", "cancellation_details", "expand"]);

export function registerBilling(router: ApiRouter): void {
  router.add("GET", "/v1/subscriptions/:id", (deps, req) => getSubscription(deps, req.path.get("id")));

  router.add("POST", "/v1/subscriptions/:id", (deps, req) => {
    const sub = getSubscription(deps, req.path.get("id"));
    const p = req.params.allowOnly([
      "cancel_at_period_end", "metadata", "description", "proration_behavior", "proration_date", "cancellation_details",
      "default_payment_method", "items", "payment_behavior", "billing_cycle_anchor", "trial_end",
    ]);
    if (Object.keys(p.raw).some((key) => !CANCELED_WRITABLE.has(key))) refuseIfEnded(sub);
    if (sub.schedule && p.raw["cancel_at_period_end"] !== undefined) {
      // Observed Stripe wording (stripe-facts.md §9); price changes are let through, and the next phase overrides them.
      throw invalidRequest(
        `The subscription is managed by the subscription schedule \`${sub.schedule}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
      );
    }
    const at = depsFor(deps, sub.customer);
    const trialEnd = trialEndParam(deps, sub, p);
    const change = itemChange(deps, sub, p, "items");
    const options = changeOptions(deps, sub, p);
    if (trialEnd === "now" && options.paymentBehavior === "pending_if_incomplete") {
      throw invalidRequest("The sandbox can't hold the end of a trial in a pending update; use another payment_behavior.", { param: "payment_behavior" });
    }
    // A trial is free: while it lasts a price change prorates nothing, and only its end bills (billing/trial-change.ts).
    if (trialEnd !== null || (change && sub.status === "trialing")) changeTrial(at, sub, change, trialEnd, options.paymentBehavior);
    else if (change) changePlan(at, sub, change, options);
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
    const defaultPm = p.string("default_payment_method");
    if (defaultPm) {
      attachedPaymentMethod(deps, getCustomer(deps, sub.customer), defaultPm, "default_payment_method");
      previous["default_payment_method"] = sub.default_payment_method;
      sub.default_payment_method = defaultPm;
    }
    if (Object.keys(previous).length > 0) {
      deps.store.touch();
      deps.bus.emit("customer.subscription.updated", sub, previous);
    }
    return sub;
  });

  router.add("DELETE", "/v1/subscriptions/:id", (deps, req) => {
    const p = req.params.allowOnly(["invoice_now", "prorate", "cancellation_details"]);
    const sub = getSubscription(deps, req.path.get("id"));
    if (sub.status === "canceled" || sub.status === "incomplete_expired") {
      throw invalidRequest(`No such subscription: '${sub.id}'; it has already been canceled.`, { code: "resource_missing", status: 404, param: "id" });
    }
    // A schedule managing it is canceled along with it (billing/end.ts).
    cancelNow(depsFor(deps, sub.customer), sub, { invoiceNow: p.bool("invoice_now") ?? false, prorate: p.bool("prorate") ?? false });
    return sub;
  });

  router.add("GET", "/v1/subscriptions", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "status", "price", "created", "current_period_end", "current_period_start", "collection_method", "test_clock"]);
    const customer = p.string("customer");
    const status = p.string("status");
    const price = p.string("price");
    const clock = p.string("test_clock");
    const items = deps.store
      .list<Subscription>("subscription")
      // Without a status filter Stripe hides canceled subscriptions.
      .filter((s) => (status === undefined ? s.status !== "canceled" && s.status !== "incomplete_expired" : status === "all" || s.status === status))
      .filter((s) => !customer || s.customer === customer)
      // Test-clock subscriptions are listed only when asked for by clock or customer.
      .filter((s) => (clock ? s.test_clock === clock : customer !== undefined || s.test_clock === null))
      .filter((s) => !price || s.items.data.some((i) => i.price.id === price));
    return paginate(items, p, "/v1/subscriptions");
  });
}
