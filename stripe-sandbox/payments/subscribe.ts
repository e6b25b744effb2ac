import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { SessionExtras } from "../core/store";
import type { Customer } from "../objects/customer";
import { buildSubscriptionInvoice, type Invoice } from "../objects/invoice";
import type { PaymentMethod } from "../objects/payment-method";
import { buildSubscription, buildSubscriptionItem, type Subscription } from "../objects/subscription";
import { addInterval } from "./periods";

/**
 * Since 2025-03-31.basil Checkout creates the subscription and its first invoice only after the payment
 * succeeded, so this runs after the charge and everything is born active/paid.
 */
export function createPaidSubscription(
  deps: Deps,
  input: { customer: Customer; paymentMethod: PaymentMethod; extras: SessionExtras; currency: string },
): { subscription: Subscription; invoice: Invoice } {
  const now = deps.clock.now();
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
    }),
  );
  const invoice = deps.store.insert(
    buildSubscriptionInvoice({
      id: newId("in"),
      lineIds: items.map(() => newId("il")),
      now,
      customer: { id: input.customer.id, email: input.customer.email, name: input.customer.name },
      subscription: subId,
      subscriptionMetadata: { ...subscription.metadata },
      items,
      descriptions: recurring.map((li) => `${li.quantity} × ${li.description} (at ${li.price.unit_amount / 100} / ${li.price.recurring?.interval ?? "month"})`),
      currency: input.currency,
      hostedBase: deps.publicBase(),
    }),
  );
  subscription.latest_invoice = invoice.id;
  deps.bus.emit("customer.subscription.created", subscription);
  deps.bus.emit("invoice.created", invoice);

  invoice.status = "open";
  invoice["number"] = `${String(input.customer["invoice_prefix"])}-0001`;
  invoice.status_transitions.finalized_at = now;
  invoice["effective_at"] = now;
  deps.bus.emit("invoice.finalized", invoice);

  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice["attempted"] = true;
  invoice["attempt_count"] = 1;
  invoice.status_transitions.paid_at = now;
  deps.store.touch();
  deps.bus.emit("invoice.paid", invoice);
  deps.bus.emit("invoice.payment_succeeded", invoice);
  return { subscription, invoice };
}
