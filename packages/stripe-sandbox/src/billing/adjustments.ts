import type { Deps } from "../core/deps";
import { discountPerLine } from "../money/discounts";
import type { Customer } from "../objects/customer";
import type { LineInput } from "../objects/invoice";
import type { InvoiceAdjustments } from "../objects/invoice-money";
import type { Subscription } from "../objects/subscription";
import { computeTax, locationOf } from "../tax/compute";
import { subscriptionDiscount } from "./discounts";

/**
 * What an invoice dated `at` takes off and adds on its lines: the subscription's discount (prorations are
 * not discountable) and, with `automatic_tax`, tax at the customer's address on each line after its discount.
 */
export function invoiceAdjustments(deps: Deps, sub: Subscription, lines: LineInput[], at: number): InvoiceAdjustments {
  const discount = subscriptionDiscount(deps, sub, at);
  const perLine = discount
    ? discountPerLine(lines.map((l) => ({ amount: l.amount, product: l.price.product, discountable: !l.proration })), discount.terms, sub.currency)
    : lines.map(() => 0);
  const automatic = (sub["automatic_tax"] as { enabled?: boolean } | undefined)?.enabled === true;
  const customer = deps.store.get<Customer>("customer", sub.customer);
  const tax = automatic
    ? computeTax(
        deps,
        locationOf(customer?.["address"] as Record<string, unknown> | null),
        lines.map((l, i) => ({ amount: l.amount - (perLine[i] ?? 0), behavior: l.price["tax_behavior"] === "inclusive" ? ("inclusive" as const) : ("exclusive" as const) })),
      )
    : null;
  return { discount: discount ? { id: discount.id, perLine } : null, tax };
}
