import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { SessionExtras } from "../core/store";
import type { Customer } from "../objects/customer";
import type { Invoice } from "../objects/invoice";
import type { PaymentIntent } from "../objects/payment-intent";
import type { PaymentMethod } from "../objects/payment-method";
import { buildSubscription, buildSubscriptionItem, type Subscription } from "../objects/subscription";
import { markInvoicePaid, recordPayment } from "../billing/collect";
import { createSubscriptionInvoice, finalizeInvoice, periodLine } from "../billing/invoices";
import { billingNow, depsAt } from "../billing/time";
import { addInterval } from "../billing/periods";
import { redeemDiscount } from "./discount";

/**
 * Since 2025-03-31.basil Checkout creates the subscription and its first invoice only once the payment
 * succeeded (card: born active and paid) or started (bank debit: incomplete, the invoice open until the
 * debit settles). The invoice's `payments` list holds the session's PaymentIntent. With nothing due (no
 * intent) the zero invoice is paid at once. The session's discount moves to the subscription first, so
 * the first invoice takes it.
 */
export function createCheckoutSubscription(
  deps: Deps,
  input: { customer: Customer; paymentMethod: PaymentMethod; paymentIntent: PaymentIntent | null; extras: SessionExtras; currency: string; paid: boolean },
): { subscription: Subscription; invoice: Invoice } {
  const now = billingNow(deps, input.customer.id);
  const at = depsAt(deps, now);
  const subId = newId("sub");
  const recurring = input.extras.lineItems.filter((li) => li.price.recurring !== null);
  const items = recurring.map((li) =>
    buildSubscriptionItem({
      id: newId("si"),
      now,
      subscription: subId,
      price: li.price,
      quantity: li.quantity,
      periodEnd: addInterval(now, li.price.recurring ?? { interval: "month", interval_count: 1 }),
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
      defaultPaymentMethod: input.paymentMethod.id,
      metadata: { ...input.extras.subscriptionData.metadata },
      description: input.extras.subscriptionData.description,
      status: input.paid || !input.paymentIntent ? "active" : "incomplete",
      testClock,
    }),
  );
  redeemDiscount(at, input.extras, input.customer.id, subscription);
  const invoice = createSubscriptionInvoice(at, subscription, {
    billingReason: "subscription_create",
    periodLines: items.map((item) => periodLine(at, item, { start: item.current_period_start, end: item.current_period_end })),
    invoiceItems: [],
    period: { start: now, end: now },
  });
  subscription.latest_invoice = invoice.id;
  deps.bus.emit("customer.subscription.created", subscription);
  deps.bus.emit("invoice.created", invoice);
  finalizeInvoice(at, invoice);
  if (input.paymentIntent) recordPayment(at, invoice, input.paymentIntent);
  invoice.attempt_count = input.paymentIntent ? 1 : 0;
  invoice.attempted = true;
  deps.store.touch();
  if (input.paid || !input.paymentIntent) markInvoicePaid(at, invoice, input.paymentIntent);
  return { subscription, invoice };
}
