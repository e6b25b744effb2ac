import type { Deps } from "../core/deps";
import { randomChars, newId } from "../core/ids";
import type { Customer } from "../objects/customer";
import { buildSubscriptionInvoice, type Invoice, type LineInput } from "../objects/invoice";
import type { ProrationInput } from "../objects/invoice-item";
import type { Price } from "../objects/price";
import type { Subscription, SubscriptionItem } from "../objects/subscription";
import { invoiceAdjustments } from "./adjustments";
import { invoiceItemLine, pendingItems, periodLine } from "./invoices";
import type { ItemChange } from "./items";
import type { ProrationBehavior } from "./plan-change";
import { prorationsFor } from "./proration";
import { nextPeriodEnd } from "./renewal";
import { phaseItemFrom } from "./schedule-state";
import { firstPaidPeriod, itemsAfter, type TrialEnd } from "./trial-change";

function prorationLine(p: ProrationInput): LineInput {
  return { id: newId("il"), amount: p.amount, description: p.description, price: p.price, quantity: p.quantity, period: p.period, subscriptionItem: p.subscriptionItem, invoiceItem: null, proration: true };
}

/** A schedule's phase starting at the period end decides what the renewal bills, as on Stripe. */
function scheduledItem(deps: Deps, sub: Subscription, item: SubscriptionItem): SubscriptionItem {
  const next = phaseItemFrom(deps, sub, item.current_period_end);
  const price = next ? deps.store.get<Price>("price", next.price) : undefined;
  return next && price ? { ...item, price, quantity: next.quantity } : item;
}

type PreviewOptions = { prorationBehavior: ProrationBehavior; prorationDate: number; trialEnd: TrialEnd | null };

/** The next renewal's period lines: from the period end (or a trial's new end) at the new price, or a schedule's. */
function renewalLines(deps: Deps, sub: Subscription, change: ItemChange | null, movedTrialEnd: number | null): LineInput[] {
  const anchor = movedTrialEnd ?? Number(sub["billing_cycle_anchor"]);
  return sub.items.data.map((item) => {
    const changed = change && change.itemId === item.id ? { ...item, price: change.price, quantity: change.quantity } : scheduledItem(deps, sub, item);
    const recurring = item.price.recurring ?? { interval: "month" as const, interval_count: 1 };
    const boundary = movedTrialEnd ?? item.current_period_end;
    return periodLine(deps, changed, { start: boundary, end: nextPeriodEnd(anchor, boundary, recurring) });
  });
}

/**
 * `invoices.createPreview` for a subscription, with an optional price change. With `always_invoice` it is
 * the invoice the change would bill now (prorations plus pending items), otherwise the next renewal
 * invoice (pending items, the change's prorations, the next period at the new price). A trial is free, so
 * nothing of it is prorated: `trial_end=now` previews the invoice that ends it (the first paid period from
 * now, whatever the proration behaviour), and a later `trial_end` moves the renewal to it. Not stored.
 */
export function previewInvoice(deps: Deps, sub: Subscription, change: ItemChange | null, options: PreviewOptions): Invoice {
  const trialing = sub.status === "trialing";
  const endsTrial = trialing && options.trialEnd === "now";
  const prorations = change && options.prorationBehavior !== "none" && !trialing ? prorationsFor(deps, sub, change, options.prorationDate).map(prorationLine) : [];
  const pending = pendingItems(deps, sub.id)
    .map((ii) => invoiceItemLine(deps, ii))
    .filter((line) => line !== null);
  const now = endsTrial ? deps.clock.now() : options.prorationDate;
  const renewal = !endsTrial && options.prorationBehavior !== "always_invoice";
  const movedEnd = trialing && typeof options.trialEnd === "number" ? options.trialEnd : null;
  const end = movedEnd ?? sub.items.data[0]?.current_period_end ?? now;
  const start = sub.items.data[0]?.current_period_start ?? now;
  const periodLines = endsTrial
    ? itemsAfter(sub, change).map((item) => periodLine(deps, item, firstPaidPeriod(item, now)))
    : renewal
      ? renewalLines(deps, sub, change, movedEnd)
      : [];
  const customer = deps.store.get<Customer>("customer", sub.customer);
  const lines = [...pending, ...prorations, ...periodLines];
  // Stripe gives previews an id with this prefix; it can't be retrieved or paid.
  const id = `upcoming_in_${randomChars(24)}`;
  const invoice = buildSubscriptionInvoice({
    id,
    now,
    customer: { id: sub.customer, email: customer?.email ?? null, name: customer?.name ?? null },
    subscription: sub.id,
    subscriptionMetadata: { ...sub.metadata },
    lines,
    billingReason: renewal ? "upcoming" : "subscription_update",
    currency: sub.currency,
    period: renewal ? { start, end } : { start: now, end: now },
    testClock: sub.test_clock,
    startingBalance: typeof customer?.["balance"] === "number" ? customer["balance"] : 0,
    hostedBase: deps.publicBase(),
    adjustments: invoiceAdjustments(deps, sub, lines, renewal ? end : now),
  });
  invoice["hosted_invoice_url"] = null;
  if (renewal) invoice["created"] = end;
  return invoice;
}
