import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { StripeApiError } from "../http/errors";
import type { Customer } from "../objects/customer";
import type { Invoice } from "../objects/invoice";
import { buildPaymentMethod } from "../objects/payment-method";
import type { Price } from "../objects/price";
import type { Subscription } from "../objects/subscription";
import { validateCard, type CardInput } from "../payments/card-input";
import { brandOf } from "../payments/test-cards";
import { attemptPayment } from "./collect";
import { finalizeInvoice } from "./invoices";
import { changePlan, resolveChange } from "./plan-change";
import { changeTrial } from "./trial-change";
import { depsFor } from "./time";

/** What the portal shows after an action: a confirmation, or the error in its alert. */
export type PortalOutcome = { ok: true; message: string } | { ok: false; message: string };

function liveSubscriptions(deps: Deps, customerId: string): Subscription[] {
  return deps.store.list<Subscription>("subscription").filter((s) => s.customer === customerId && s.status !== "canceled" && s.status !== "incomplete_expired");
}

/**
 * The new card becomes the customer's and each subscription's default. A past_due or unpaid subscription's
 * latest invoice is then paid at once: the sandbox's choice, where real Stripe waits for its next retry or a
 * `pay` call, so that the buyer sees the outcome on the page.
 */
export function updateCard(deps: Deps, customer: Customer, input: CardInput): PortalOutcome {
  const card = validateCard(input, deps.clock.nowMs());
  if ("code" in card) return { ok: false, message: card.message };
  const pm = deps.store.insert(
    buildPaymentMethod({
      id: newId("pm"),
      now: deps.clock.now(),
      card: { brand: brandOf(card.number), last4: card.number.slice(-4), exp_month: card.expMonth, exp_year: card.expYear, funding: "credit" },
      email: customer.email,
      name: customer.name,
      customer: customer.id,
    }),
  );
  deps.store.internal.cardNumbers[pm.id] = card.number;
  deps.bus.emit("payment_method.attached", pm);
  const previousSettings = structuredClone(customer.invoice_settings);
  customer.invoice_settings.default_payment_method = pm.id;
  deps.store.touch();
  deps.bus.emit("customer.updated", customer, { invoice_settings: previousSettings });
  let outcome: PortalOutcome = { ok: true, message: "Your payment method was updated." };
  for (const sub of liveSubscriptions(deps, customer.id)) {
    const previous = { default_payment_method: sub.default_payment_method };
    sub.default_payment_method = pm.id;
    deps.store.touch();
    deps.bus.emit("customer.subscription.updated", sub, previous);
    const invoice = sub.latest_invoice ? deps.store.get<Invoice>("invoice", sub.latest_invoice) : undefined;
    if ((sub.status !== "past_due" && sub.status !== "unpaid") || !invoice) continue;
    const at = depsFor(deps, customer.id);
    // An unpaid subscription's newest invoice is a draft nobody finalised; Stripe's way back is to finalise and pay it.
    if (sub.status === "unpaid" && invoice.status === "draft") finalizeInvoice(at, invoice);
    if (invoice.status !== "open") continue;
    const attempt = attemptPayment(at, invoice, { paymentMethod: pm, automatic: false });
    outcome = attempt.kind === "failed" ? { ok: false, message: attempt.error.message } : { ok: true, message: "Your payment method was updated and the open invoice was paid." };
  }
  return outcome;
}

/** Prices the buyer can switch to: active, recurring, same currency and interval as the current one. */
export function switchablePrices(deps: Deps, sub: Subscription): Price[] {
  const current = sub.items.data[0]?.price;
  return deps.store
    .list<Price>("price")
    .filter((p) => p.active && p.recurring && current?.recurring)
    .filter((p) => p.currency === current?.currency && p.recurring?.interval === current.recurring?.interval && p.recurring?.interval_count === current.recurring?.interval_count);
}

/**
 * An upgrade (a higher amount per period) happens now, with the prorated difference invoiced and charged
 * at once, and is refused with the card's error if that charge fails. A downgrade waits for the period end,
 * like the portal's `schedule_at_period_end` with `decreasing_item_amount`; choosing the current plan again
 * drops a waiting downgrade.
 */
export function switchPlan(deps: Deps, sub: Subscription, priceId: string): PortalOutcome {
  const item = sub.items.data[0];
  if (!item) return { ok: false, message: "This subscription has no plan to change." };
  if (priceId === item.price.id) {
    delete deps.store.internal.scheduledPrices[sub.id];
    deps.store.touch();
    return { ok: true, message: "You are staying on your current plan." };
  }
  try {
    const change = resolveChange(deps, sub, { itemId: item.id, priceId, quantity: item.quantity, param: "items[0]" });
    if (change.price.unit_amount * change.quantity < item.price.unit_amount * item.quantity) {
      deps.store.internal.scheduledPrices[sub.id] = change.price.id;
      deps.store.touch();
      return { ok: true, message: "Your plan will change at the end of the current period." };
    }
    const at = depsFor(deps, sub.customer);
    // The portal's trial_update_behavior defaults to end_trial: an upgrade during a trial ends it (stripe-facts.md §8).
    if (sub.status === "trialing") changeTrial(at, sub, change, "now", "error_if_incomplete");
    else changePlan(at, sub, change, { prorationBehavior: "always_invoice", prorationDate: at.clock.now(), paymentBehavior: "error_if_incomplete" });
    return { ok: true, message: "Your plan was changed." };
  } catch (err) {
    if (err instanceof StripeApiError) return { ok: false, message: err.body.message };
    throw err;
  }
}
