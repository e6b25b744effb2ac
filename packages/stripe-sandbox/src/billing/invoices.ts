import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { formatAmount } from "../money/currencies";
import type { Customer } from "../objects/customer";
import { buildSubscriptionInvoice, type BillingReason, type Invoice, type LineInput } from "../objects/invoice";
import type { InvoiceItem } from "../objects/invoice-item";
import type { Price } from "../objects/price";
import type { Product } from "../objects/product";
import type { Subscription, SubscriptionItem } from "../objects/subscription";
import { invoiceAdjustments } from "./adjustments";
import { endSpentDiscount } from "./discounts";

export function productName(deps: Deps, price: Price): string {
  return deps.store.get<Product>("product", price.product)?.name ?? price.product;
}

/** "1 × Pro plan (at $9.00 / month)", Stripe's wording for a subscription line. */
export function periodLine(deps: Deps, item: Pick<SubscriptionItem, "id" | "price" | "quantity">, period: { start: number; end: number }): LineInput {
  const price = item.price;
  return {
    id: newId("il"),
    amount: price.unit_amount * item.quantity,
    description: `${item.quantity} × ${productName(deps, price)} (at ${formatAmount(price.unit_amount, price.currency)} / ${price.recurring?.interval ?? "month"})`,
    price,
    quantity: item.quantity,
    period,
    subscriptionItem: item.id,
    invoiceItem: null,
    proration: false,
  };
}

/** A trial's first invoice bills the trial period at zero, in Stripe's words. */
export function trialLine(deps: Deps, item: Pick<SubscriptionItem, "id" | "price" | "quantity">, period: { start: number; end: number }): LineInput {
  return { ...periodLine(deps, item, period), amount: 0, description: `Trial period for ${productName(deps, item.price)}` };
}

export function invoiceItemLine(deps: Deps, ii: InvoiceItem): LineInput | null {
  const price = deps.store.get<Price>("price", ii.pricing.price_details.price);
  if (!price) return null;
  return {
    id: newId("il"),
    amount: ii.amount,
    description: ii.description,
    price,
    quantity: ii.quantity,
    period: ii.period,
    subscriptionItem: ii.parent.subscription_details.subscription_item,
    invoiceItem: ii.id,
    proration: ii.proration,
  };
}

/** Invoice items (prorations) that no invoice has collected yet; the next invoice of the subscription takes them. */
export function pendingItems(deps: Deps, subscriptionId: string): InvoiceItem[] {
  return deps.store
    .list<InvoiceItem>("invoiceitem")
    .reverse()
    .filter((ii) => ii.invoice === null && ii.parent.subscription_details.subscription === subscriptionId);
}

function customerOf(deps: Deps, sub: Subscription): Customer {
  const customer = deps.store.get<Customer>("customer", sub.customer);
  if (!customer) throw new Error(`subscription ${sub.id} has no customer ${sub.customer}`);
  return customer;
}

/** A draft invoice for the subscription that also collects the given pending invoice items. */
export function createSubscriptionInvoice(
  deps: Deps,
  sub: Subscription,
  input: { billingReason: BillingReason; periodLines: LineInput[]; invoiceItems: InvoiceItem[]; period: { start: number; end: number } },
): Invoice {
  const customer = customerOf(deps, sub);
  endSpentDiscount(deps, sub);
  const id = newId("in");
  const itemLines = input.invoiceItems.map((ii) => invoiceItemLine(deps, ii)).filter((line) => line !== null);
  const lines = [...itemLines, ...input.periodLines];
  const invoice = deps.store.insert(
    buildSubscriptionInvoice({
      id,
      now: deps.clock.now(),
      customer: { id: customer.id, email: customer.email, name: customer.name },
      subscription: sub.id,
      subscriptionMetadata: { ...sub.metadata },
      lines,
      billingReason: input.billingReason,
      currency: sub.currency,
      period: input.period,
      testClock: sub.test_clock,
      startingBalance: typeof customer["balance"] === "number" ? customer["balance"] : 0,
      hostedBase: deps.publicBase(),
      adjustments: invoiceAdjustments(deps, sub, lines, deps.clock.now()),
    }),
  );
  for (const ii of input.invoiceItems) ii.invoice = id;
  deps.store.touch();
  return invoice;
}

/** draft → open: numbered, and the customer's balance is consumed (or a net credit is left on it). */
export function finalizeInvoice(deps: Deps, invoice: Invoice): void {
  const customer = deps.store.get<Customer>("customer", invoice.customer);
  const now = deps.clock.now();
  invoice.status = "open";
  invoice.automatically_finalizes_at = null;
  invoice.status_transitions.finalized_at = now;
  invoice["effective_at"] = now;
  if (customer) {
    const sequence = typeof customer["next_invoice_sequence"] === "number" ? customer["next_invoice_sequence"] : 1;
    invoice["number"] = `${String(customer["invoice_prefix"])}-${String(sequence).padStart(4, "0")}`;
    customer["next_invoice_sequence"] = sequence + 1;
    const ending = Math.min(invoice.total + Number(invoice["starting_balance"]), 0);
    invoice["ending_balance"] = ending;
    customer["balance"] = ending;
  }
  deps.store.touch();
  deps.bus.emit("invoice.finalized", invoice);
}
