import type { IncomingMessage, ServerResponse } from "node:http";
import { newId } from "../core/ids";
import { parseForm } from "../http/form";
import { Params } from "../http/params";
import { readBody, redirect, sendHtml } from "../http/respond";
import { formatAmount } from "../money/currencies";
import type { Charge } from "../objects/charge";
import type { Customer } from "../objects/customer";
import type { Invoice } from "../objects/invoice";
import type { PaymentMethod } from "../objects/payment-method";
import type { PortalSession } from "../objects/portal-session";
import type { Price } from "../objects/price";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import type { SubscriptionSchedule } from "../objects/subscription-schedule";
import { getSubscription, setCancelAtPeriodEnd } from "../api/billing";
import { productName } from "../billing/invoices";
import { switchablePrices, switchPlan, updateCard, type PortalOutcome } from "../billing/portal-actions";
import type { Runtime } from "../runtime";
import { tick } from "../tick";
import { renderNotFoundPage } from "./checkout-page";
import { renderInvoicePage } from "./invoice-page";
import { renderPortalPage, type PortalSubscription } from "./portal-page";
import { checkoutReceipt } from "./receipt-info";
import { renderReceiptPage } from "./receipt-page";

type Context = { rt: Runtime; req: IncomingMessage; res: ServerResponse };

/** Hosted pages act like Stripe's front end calling its API: events carry a request id, no idempotency key. */
function asRequest<T>(rt: Runtime, fn: () => T): T {
  return rt.bus.run({ id: newId("req"), idempotency_key: null }, () => {
    tick(rt.deps);
    return fn();
  });
}

function planLabel(rt: Runtime, price: Price): string {
  return `${productName(rt.deps, price)} — ${formatAmount(price.unit_amount, price.currency)} / ${price.recurring?.interval ?? "month"}`;
}

/** Checkout saves the card on the subscription only, so that is the fallback to show. */
function cardLabel(rt: Runtime, customer: Customer | undefined, subscriptions: Subscription[]): string | null {
  const id = customer?.invoice_settings.default_payment_method ?? subscriptions.find((s) => s.default_payment_method)?.default_payment_method;
  const pm = id ? rt.store.get<PaymentMethod>("payment_method", id) : undefined;
  return pm?.card ? `${pm.card.brand} •••• ${pm.card.last4}` : null;
}

/** A schedule's next phase shows like a portal downgrade when it starts at the period end, the common case. */
function nextPhasePrice(rt: Runtime, sub: Subscription): string | undefined {
  const schedule = sub.schedule ? rt.store.get<SubscriptionSchedule>("subscription_schedule", sub.schedule) : undefined;
  const next = schedule?.phases.find((p) => p.start_date === schedule.current_phase?.end_date);
  return next && next.start_date === currentPeriodEnd(sub) && next.items[0]?.price !== sub.items.data[0]?.price.id ? next.items[0]?.price : undefined;
}

function showPortal(ctx: Context, portal: PortalSession, notice: PortalOutcome | null): void {
  const { rt } = ctx;
  const subscriptions: PortalSubscription[] = rt.store
    .list<Subscription>("subscription")
    .filter((s) => s.customer === portal.customer)
    .map((sub) => {
      const item = sub.items.data[0];
      const scheduled = rt.store.internal.scheduledPrices[sub.id] ?? nextPhasePrice(rt, sub);
      const scheduledPrice = scheduled ? rt.store.get<Price>("price", scheduled) : undefined;
      return {
        sub,
        plan: item ? `${item.quantity > 1 ? `${item.quantity} × ` : ""}${planLabel(rt, item.price)}` : "",
        scheduled: scheduledPrice ? planLabel(rt, scheduledPrice) : null,
        options: switchablePrices(rt.deps, sub).map((price) => ({ price: price.id, label: planLabel(rt, price) })),
      };
    });
  const customer = rt.store.get<Customer>("customer", portal.customer);
  const card = cardLabel(rt, customer, subscriptions.map((row) => row.sub));
  sendHtml(ctx.res, 200, renderPortalPage({ session: portal, subscriptions, card, notice }));
}

/** After a flow's action, a `redirect` completion goes to its URL; otherwise the portal shows the outcome. */
function afterAction(ctx: Context, portal: PortalSession, outcome: PortalOutcome): void {
  const redirectTo = portal.flow?.after_completion.redirect?.return_url;
  if (outcome.ok && redirectTo) return redirect(ctx.res, redirectTo);
  showPortal(ctx, portal, outcome);
}

async function handlePortal(ctx: Context, portal: PortalSession, rest: string[]): Promise<void> {
  const { rt, req, res } = ctx;
  if ((req.method ?? "GET") !== "POST") return showPortal(ctx, portal, null);
  const p = new Params(parseForm(await readBody(req)));
  const customer = rt.store.get<Customer>("customer", portal.customer);
  if (rest[0] === "payment_method" && customer) {
    const card = { number: p.string("cardNumber") ?? "", expiry: p.string("cardExpiry") ?? "", cvc: p.string("cardCvc") ?? "" };
    return afterAction(ctx, portal, asRequest(rt, () => updateCard(rt.deps, customer, card)));
  }
  const sub = rest[0] === "subscriptions" && rest[1] ? getSubscription(rt.deps, rest[1]) : undefined;
  if (!sub || sub.customer !== portal.customer || sub.status === "canceled") return redirect(res, `/p/session/${portal.id}`);
  // The sandbox's reading of Stripe's portal: a subscription a schedule manages is changed through the schedule.
  if (sub.schedule) return afterAction(ctx, portal, { ok: false, message: "This subscription has scheduled changes, so it can't be changed here." });
  if (rest[2] === "plan") return afterAction(ctx, portal, asRequest(rt, () => switchPlan(rt.deps, sub, p.string("price") ?? "")));
  const cancel = p.string("action") === "cancel";
  asRequest(rt, () => setCancelAtPeriodEnd(rt.deps, sub, cancel));
  if (portal.flow) return afterAction(ctx, portal, { ok: true, message: cancel ? "Your subscription will end at the end of the period." : "Your subscription will renew." });
  redirect(res, `/p/session/${portal.id}`);
}

/** The customer portal (`/p/session/…`), hosted invoices (`/i/…`) and charge receipts (`/receipts/…`). */
export async function handleBillingPage(ctx: Context, parts: string[]): Promise<boolean> {
  const { rt, res } = ctx;
  const [first, second, third, ...rest] = parts;
  if (first === "p" && second === "session" && third) {
    const portal = rt.store.get<PortalSession>("billing_portal.session", third);
    if (!portal) sendHtml(res, 404, renderNotFoundPage());
    else await handlePortal(ctx, portal, rest);
    return true;
  }
  if (first === "i" && second && parts.length === 2) {
    const invoice = rt.store.get<Invoice>("invoice", second);
    sendHtml(res, invoice ? 200 : 404, invoice ? renderInvoicePage(invoice) : renderNotFoundPage());
    return true;
  }
  if (first === "receipts" && second && parts.length === 2) {
    const charge = rt.store.get<Charge>("charge", second);
    sendHtml(res, charge ? 200 : 404, charge ? renderReceiptPage(charge, checkoutReceipt(rt, charge)) : renderNotFoundPage());
    return true;
  }
  return false;
}
