import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { SessionExtras } from "../core/store";
import type { Customer } from "../objects/customer";
import type { Invoice } from "../objects/invoice";
import type { PaymentIntent } from "../objects/payment-intent";
import type { PaymentMethod } from "../objects/payment-method";
import { buildSubscription, buildSubscriptionItem, type Subscription } from "../objects/subscription";
import { markInvoicePaid, recordPayment } from "../billing/collect";
import { createSubscriptionInvoice, finalizeInvoice, periodLine, trialLine } from "../billing/invoices";
import { billingNow, depsAt } from "../billing/time";
import { trialWarningDueAt, warnTrialEnding } from "../billing/trial";
import { addInterval } from "../billing/periods";
import { redeemDiscount } from "./discount";

const DAY = 86_400;

/**
 * Since 2025-03-31.basil Checkout creates the subscription and its first invoice only once the payment
 * succeeded (card: born active and paid) or started (bank debit: incomplete, the invoice open until the
 * debit settles). The invoice's `payments` list holds the session's PaymentIntent. With nothing due (no
 * intent) the zero invoice is paid at once. The session's discount moves to the subscription first, so
 * the first invoice takes it. A trial makes the subscription `trialing` until `trial_end`, its items'
 * period the trial, and its first invoice a paid zero "Trial period for …" line.
 */
export function createCheckoutSubscription(
  deps: Deps,
  input: { customer: Customer; paymentMethod: PaymentMethod | null; paymentIntent: PaymentIntent | null; extras: SessionExtras; currency: string; paid: boolean },
): { subscription: Subscription; invoice: Invoice } {
  const now = billingNow(deps, input.customer.id);
  const at = depsAt(deps, now);
  const subId = newId("sub");
  const terms = input.extras.subscriptionData.trial ?? null;
  const trial = terms ? { end: terms.end ?? now + (terms.days ?? 0) * DAY, missingPaymentMethod: terms.missingPaymentMethod } : null;
  const recurring = input.extras.lineItems.filter((li) => li.price.recurring !== null);
  const items = recurring.map((li) =>
    buildSubscriptionItem({
      id: newId("si"),
      now,
      subscription: subId,
      price: li.price,
      quantity: li.quantity,
      periodEnd: trial?.end ?? addInterval(now, li.price.recurring ?? { interval: "month", interval_count: 1 }),
    }),
  );
  const testClock = typeof input.customer["test_clock"] === "string" ? input.customer["test_clock"] : null;
  const subscription = deps.store.insert(
    buildSubscription({
      id: subId,
      now,
      customer: input.customer.id,
      currency: input.currency,
      items,
      defaultPaymentMethod: input.paymentMethod?.id ?? null,
      metadata: { ...input.extras.subscriptionData.metadata },
      description: input.extras.subscriptionData.description,
      status: trial ? "trialing" : input.paid || !input.paymentIntent ? "active" : "incomplete",
      testClock,
      trial,
    }),
  );
  if (input.extras.tax) subscription["automatic_tax"] = { disabled_reason: null, enabled: true, liability: { type: "self" } };
  redeemDiscount(at, input.extras, input.customer.id, subscription);
  const invoice = createSubscriptionInvoice(at, subscription, {
    billingReason: "subscription_create",
    periodLines: items.map((item) => (trial ? trialLine : periodLine)(at, item, { start: item.current_period_start, end: item.current_period_end })),
    invoiceItems: [],
    period: { start: now, end: now },
  });
  subscription.latest_invoice = invoice.id;
  deps.bus.emit("customer.subscription.created", subscription);
  // A trial of three days or less is warned about at once, in the same batch (stripe-facts.md §9).
  const warning = trialWarningDueAt(at, subscription);
  if (warning !== null && warning <= now) warnTrialEnding(at, subscription);
  deps.bus.emit("invoice.created", invoice);
  finalizeInvoice(at, invoice);
  if (input.paymentIntent) recordPayment(at, invoice, input.paymentIntent);
  invoice.attempt_count = input.paymentIntent ? 1 : 0;
  invoice.attempted = true;
  deps.store.touch();
  if (input.paid || !input.paymentIntent) markInvoicePaid(at, invoice, input.paymentIntent);
  return { subscription, invoice };
}
