import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { StripeApiError, docUrl, invalidRequest, resourceMissing } from "../http/errors";
import type { Invoice } from "../objects/invoice";
import { buildProrationItem, type InvoiceItem, type ProrationInput } from "../objects/invoice-item";
import { planFromPrice, type Price } from "../objects/price";
import type { Subscription } from "../objects/subscription";
import { attemptPayment, defaultPaymentMethod, wouldDecline } from "./collect";
import { createSubscriptionInvoice, finalizeInvoice, pendingItems } from "./invoices";
import { previousItems, swapPrice, type ItemChange } from "./items";
import { prorationsFor } from "./proration";

export type ProrationBehavior = "create_prorations" | "always_invoice" | "none";
export type PaymentBehavior = "allow_incomplete" | "error_if_incomplete" | "pending_if_incomplete" | "default_incomplete";
export type ChangeOptions = { prorationBehavior: ProrationBehavior; prorationDate: number; paymentBehavior: PaymentBehavior };

/** Stripe's limit on how long a pending update may wait for its payment. */
const PENDING_UPDATE_SECONDS = 23 * 3600;

export function refuseIfEnded(sub: Subscription): void {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.", { code: "invalid_canceled_subscription_fields" });
  }
}

/**
 * A price the subscription can move to (now, or at a schedule's phase), refused the way Stripe words it;
 * interval changes are out of the sandbox's scope. `param` names the price field in the request.
 */
export function switchablePrice(deps: Deps, sub: Subscription, priceId: string, param: string): Price {
  const price = deps.store.get<Price>("price", priceId);
  if (!price) throw resourceMissing("price", priceId, param);
  if (!price.recurring) throw invalidRequest("The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", { param });
  if (!price.active) throw invalidRequest("The price specified is inactive. This field only accepts active prices.", { param });
  if (price.currency !== sub.currency) throw invalidRequest(`The price specified uses currency ${price.currency}, but this subscription is in ${sub.currency}.`, { param });
  const old = sub.items.data[0]?.price.recurring;
  if (!old || old.interval !== price.recurring.interval || old.interval_count !== price.recurring.interval_count) {
    throw invalidRequest("The sandbox can't change a subscription's billing interval; choose a price with the same interval.", { param });
  }
  return price;
}

/** Checks an `items[n]` change the way Stripe words its refusals. */
export function resolveChange(deps: Deps, sub: Subscription, input: { itemId: string; priceId: string; quantity: number | undefined; param: string }): ItemChange {
  refuseIfEnded(sub);
  const item = sub.items.data.find((i) => i.id === input.itemId);
  if (!item) throw resourceMissing("subscription_item", input.itemId, `${input.param}[id]`);
  const price = switchablePrice(deps, sub, input.priceId, `${input.param}[price]`);
  // Stripe resets quantity to 1 when the price changes and no quantity is given.
  return { itemId: item.id, price, quantity: input.quantity ?? (price.id === item.price.id ? item.quantity : 1) };
}

/** Stores proration lines as pending invoice items (`invoiceitem.created`), for the next invoice to collect. */
export function insertItems(deps: Deps, sub: Subscription, prorations: ProrationInput[]): InvoiceItem[] {
  return prorations.map((p) => {
    const ii = deps.store.insert(buildProrationItem({ ...p, id: newId("ii"), now: deps.clock.now(), customer: sub.customer, testClock: sub.test_clock }));
    deps.bus.emit("invoiceitem.created", ii);
    return ii;
  });
}

/** What an always_invoice change would bill now: the new prorations plus every pending item. */
function dueNow(deps: Deps, sub: Subscription, prorations: ProrationInput[]): number {
  return [...pendingItems(deps, sub.id), ...prorations].reduce((sum, x) => sum + x.amount, 0);
}

/** `error_if_incomplete`: a charge the default method would decline refuses the whole update (402), before anything changes. */
export function refuseIfDeclines(deps: Deps, sub: Subscription): void {
  const decline = wouldDecline(deps, defaultPaymentMethod(deps, { subscription: sub.id, customer: sub.customer }));
  if (!decline) return;
  throw new StripeApiError(402, {
    type: "card_error",
    code: decline.code,
    ...(decline.declineCode ? { decline_code: decline.declineCode } : {}),
    doc_url: docUrl(decline.code),
    message: decline.message,
  });
}

/** Bills the change now: a `subscription_update` invoice taking the prorations (and older pending items). */
function invoiceNow(deps: Deps, sub: Subscription, prorations: ProrationInput[]) {
  insertItems(deps, sub, prorations);
  const now = deps.clock.now();
  const invoice = createSubscriptionInvoice(deps, sub, { billingReason: "subscription_update", periodLines: [], invoiceItems: pendingItems(deps, sub.id), period: { start: now, end: now } });
  sub.latest_invoice = invoice.id;
  deps.bus.emit("invoice.created", invoice);
  finalizeInvoice(deps, invoice);
  return invoice;
}

/** `subscriptions.update` with a new price on one item, with Stripe's proration and payment behaviours. */
export function changePlan(deps: Deps, sub: Subscription, change: ItemChange, options: ChangeOptions): void {
  const prorations = options.prorationBehavior === "none" ? [] : prorationsFor(deps, sub, change, options.prorationDate);
  const charging = options.prorationBehavior === "always_invoice" && dueNow(deps, sub, prorations) > 0;
  if (charging && options.paymentBehavior === "error_if_incomplete") refuseIfDeclines(deps, sub);

  if (options.prorationBehavior === "always_invoice" && options.paymentBehavior === "pending_if_incomplete") {
    // The change waits in pending_update until its invoice is paid; paying now applies it at once.
    const item = sub.items.data.find((i) => i.id === change.itemId);
    const invoice = invoiceNow(deps, sub, prorations);
    sub.pending_update = {
      billing_cycle_anchor: null,
      discounts: null,
      expires_at: Math.min(deps.clock.now() + PENDING_UPDATE_SECONDS, item?.current_period_end ?? Infinity),
      metadata: null,
      subscription_items: item ? [{ ...structuredClone(item), price: change.price, plan: planFromPrice(change.price), quantity: change.quantity }] : [],
      trial_end: null,
      trial_from_plan: null,
    };
    deps.store.touch();
    if (attemptPayment(deps, invoice, { automatic: false }).kind !== "paid") deps.bus.emit("customer.subscription.updated", sub, { pending_update: null });
    return;
  }

  const previous = { ...previousItems(sub), latest_invoice: sub.latest_invoice };
  swapPrice(sub, change);
  if (options.prorationBehavior === "create_prorations") insertItems(deps, sub, prorations);
  // Made before the update event so that the event carries the new latest_invoice.
  const invoice = options.prorationBehavior === "always_invoice" ? invoiceNow(deps, sub, prorations) : null;
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
  if (invoice) collectChange(deps, sub, invoice, options.paymentBehavior);
}

/** Charges an update's invoice now; default_incomplete leaves it for the integration to confirm, past_due until then. */
export function collectChange(deps: Deps, sub: Subscription, invoice: Invoice, paymentBehavior: PaymentBehavior): void {
  if (paymentBehavior !== "default_incomplete") {
    attemptPayment(deps, invoice, { automatic: true });
    return;
  }
  if (invoice.amount_due > 0 && sub.status === "active") {
    sub.status = "past_due";
    deps.store.touch();
    deps.bus.emit("customer.subscription.updated", sub, { status: "active" });
  }
}
