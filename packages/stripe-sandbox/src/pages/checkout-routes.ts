import type { IncomingMessage, ServerResponse } from "node:http";
import { newId } from "../core/ids";
import type { Runtime } from "../runtime";
import { StripeApiError } from "../http/errors";
import { parseForm } from "../http/form";
import { Params } from "../http/params";
import { readBody, redirect, sendHtml } from "../http/respond";
import { checkoutPagePath, type CheckoutSession } from "../objects/checkout-session";
import type { PaymentIntent } from "../objects/payment-intent";
import { completeAuthentication, completionRedirect, enterAddress, payCheckoutSession, type PayInput, type PayResult } from "../checkout/pay";
import { enterPromotionCode, removePromotionCode } from "../checkout/discount";
import { expireSession } from "../checkout/expire";
import { authenticateStandalone } from "../payments/intent-confirm";
import { tick } from "../tick";
import { renderChallengePage } from "./challenge-page";
import { defaultForm, formOf, pageInfo } from "./checkout-info";
import { renderCheckoutPage, renderInactivePage, renderNotFoundPage, type CheckoutForm } from "./checkout-page";
import { renderEmbeddedComplete } from "./embedded-frame";

type PageContext = { rt: Runtime; req: IncomingMessage; res: ServerResponse };

/**
 * Stripe's hosted Checkout cannot be framed; the embedded page (and the 3-D Secure page it leads to)
 * lives in the merchant's iframe, on any merchant site, as Embedded Checkout does.
 */
const HOSTED_HEADERS = { "Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY" };
const FRAMEABLE_HEADERS = { "Content-Security-Policy": "frame-ancestors *" };

function headersFor(session: CheckoutSession): Record<string, string> {
  return session.ui_mode === "hosted_page" ? HOSTED_HEADERS : FRAMEABLE_HEADERS;
}

/** Hosted pages act like Stripe's front end calling its API: events carry a request id, no idempotency key. */
function asRequest<T>(rt: Runtime, fn: () => T): T {
  return rt.bus.run({ id: newId("req"), idempotency_key: null }, () => {
    tick(rt.deps);
    return fn();
  });
}

/** `/c/pay/<id>` serves hosted_page sessions; `/c/embed/<client secret>` serves embedded_page ones, to whoever holds the secret. */
function sessionOf(rt: Runtime, kind: string, key: string): CheckoutSession | undefined {
  if (kind === "pay") {
    const session = rt.store.get<CheckoutSession>("checkout.session", key);
    return session?.ui_mode === "hosted_page" ? session : undefined;
  }
  const marker = key.indexOf("_secret_");
  const session = marker > 0 ? rt.store.get<CheckoutSession>("checkout.session", key.slice(0, marker)) : undefined;
  return session?.ui_mode === "embedded_page" && session.client_secret === key ? session : undefined;
}

function showSession(ctx: PageContext, session: CheckoutSession, form: CheckoutForm, error: string | null): void {
  const headers = headersFor(session);
  if (session.status === "complete" && session.ui_mode === "embedded_page") {
    return sendHtml(ctx.res, 200, renderEmbeddedComplete(session, completionRedirect(session)), headers);
  }
  if (session.status !== "open") return sendHtml(ctx.res, 200, renderInactivePage(session), headers);
  const items = ctx.rt.store.internal.sessions[session.id]?.lineItems ?? [];
  sendHtml(ctx.res, 200, renderCheckoutPage(session, items, form, error, pageInfo(ctx.rt, session)), headers);
}

/** The promotion-code form: apply a code (back to the page, PRG) or show why it does not apply; or remove it. */
async function enterCode(ctx: PageContext, session: CheckoutSession): Promise<void> {
  const p = new Params(parseForm(await readBody(ctx.req)));
  try {
    asRequest(ctx.rt, () => (p.string("remove") ? removePromotionCode(ctx.rt.deps, session.id) : enterPromotionCode(ctx.rt.deps, session.id, p.string("promotionCode") ?? "")));
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    return showSession(ctx, session, defaultForm(ctx.rt, session), err.body.message);
  }
  redirect(ctx.res, checkoutPagePath(session));
}

/**
 * Where the buyer lands after a challenge: the checkout page, naming the intent as Stripe's return_url
 * does, so that page can show the intent's decline (and a reload still shows it) without trusting text
 * from the query string.
 */
function checkoutAfterChallenge(session: CheckoutSession, pi: PaymentIntent): string {
  return `${checkoutPagePath(session)}?payment_intent=${encodeURIComponent(pi.id)}`;
}

/** The decline of the intent a challenge redirect named, if it is this session's and is still awaiting a new payment method. */
function challengeDecline(rt: Runtime, session: CheckoutSession, query: URLSearchParams): string | null {
  const id = query.get("payment_intent");
  if (!id || rt.store.internal.sessionOfIntent[id] !== session.id) return null;
  const pi = rt.store.get<PaymentIntent>("payment_intent", id);
  return pi?.status === "requires_payment_method" ? (pi.last_payment_error?.message ?? null) : null;
}

/** A completed embedded session goes back to its own page, which tells the parent page (POST-redirect-GET). */
function afterCompletion(result: Extract<PayResult, { kind: "complete" }>): string {
  return result.session.ui_mode === "hosted_page" ? (result.redirectUrl ?? checkoutPagePath(result.session)) : checkoutPagePath(result.session);
}

function respondToPayment(ctx: PageContext, result: PayResult, form: CheckoutForm): void {
  if (result.kind === "complete") return redirect(ctx.res, afterCompletion(result));
  if (result.kind === "requires_action") return redirect(ctx.res, `/c/3ds/${result.paymentIntent.id}`);
  showSession(ctx, result.session, form, result.error.message);
}

async function pay(ctx: PageContext, session: CheckoutSession): Promise<void> {
  const p = new Params(parseForm(await readBody(ctx.req)));
  const form = formOf(p);
  if (session.status !== "open") return showSession(ctx, session, form, null);
  if (!form.email.trim()) return showSession(ctx, session, form, "Your email address is incomplete.");
  const card = { number: p.string("cardNumber") ?? "", expiry: p.string("cardExpiry") ?? "", cvc: p.string("cardCvc") ?? "" };
  // With nothing due and payment_method_collection=if_required, the card fields may stay empty.
  const optional = session.amount_total === 0 && session["payment_method_collection"] === "if_required";
  const buyer = { email: form.email, name: form.name, address: form.address };
  const input: PayInput =
    form.method === "async_bank_debit" ? { method: "async_bank_debit", ...buyer } : optional && !card.number.trim() ? { method: "none", ...buyer } : { method: "card", card, ...buyer };
  const result = asRequest(ctx.rt, () => payCheckoutSession(ctx.rt.deps, session.id, input));
  respondToPayment(ctx, result, form);
}

/** "Update total": tax for the entered location, shown on the page with what the buyer had typed (but the card). */
async function updateTotal(ctx: PageContext, session: CheckoutSession): Promise<void> {
  const form = formOf(new Params(parseForm(await readBody(ctx.req))));
  try {
    asRequest(ctx.rt, () => enterAddress(ctx.rt.deps, session.id, form.address));
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    return showSession(ctx, session, form, err.body.message);
  }
  showSession(ctx, session, form, null);
}

/** `/c/pay/<id>` and `/c/embed/<secret>`: the payment form, its submission and the Expire button. */
export async function handleCheckoutPage(ctx: PageContext, parts: string[], url: URL): Promise<boolean> {
  const [c, kind, key, action] = parts;
  if (c !== "c" || (kind !== "pay" && kind !== "embed") || !key || parts.length > 4) return false;
  const { rt, req, res } = ctx;
  const method = req.method ?? "GET";
  asRequest(rt, () => undefined);
  const session = sessionOf(rt, kind, key);
  if (!session) {
    sendHtml(res, 404, renderNotFoundPage(), kind === "pay" ? HOSTED_HEADERS : FRAMEABLE_HEADERS);
    return true;
  }
  if (method === "GET" && !action) {
    showSession(ctx, session, defaultForm(rt, session), challengeDecline(rt, session, url.searchParams));
    return true;
  }
  if (method === "POST" && action === "expire") {
    try {
      asRequest(rt, () => expireSession(rt.deps, session.id));
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
    }
    sendHtml(res, 200, renderInactivePage(session), headersFor(session));
    return true;
  }
  if (method === "POST" && !action) {
    await pay(ctx, session);
    return true;
  }
  if (method === "POST" && action === "discount") {
    await enterCode(ctx, session);
    return true;
  }
  if (method === "POST" && action === "address") {
    await updateTotal(ctx, session);
    return true;
  }
  return false;
}

/** `/c/3ds/<pi>`: the issuer's challenge, for a Checkout payment (hosted or embedded) or an API-confirmed intent. */
export async function handleChallengePage(ctx: PageContext, parts: string[]): Promise<boolean> {
  if (parts[0] !== "c" || parts[1] !== "3ds" || !parts[2] || parts.length !== 3) return false;
  const { rt, req, res } = ctx;
  const method = req.method ?? "GET";
  const pi = rt.store.get<PaymentIntent>("payment_intent", parts[2]);
  if (!pi) {
    sendHtml(res, 404, renderNotFoundPage(), FRAMEABLE_HEADERS);
    return true;
  }
  const session = rt.store.get<CheckoutSession>("checkout.session", rt.store.internal.sessionOfIntent[pi.id] ?? "");
  if (method === "GET") {
    if (pi.status === "requires_action") sendHtml(res, 200, renderChallengePage(pi), FRAMEABLE_HEADERS);
    else redirect(res, session ? checkoutAfterChallenge(session, pi) : "/_sandbox");
    return true;
  }
  if (method !== "POST") return false;
  const outcome = new Params(parseForm(await readBody(req))).string("outcome") === "complete" ? "complete" : "fail";
  if (!session) {
    const returnUrl = pi.next_action?.redirect_to_url.return_url ?? "/_sandbox";
    asRequest(rt, () => authenticateStandalone(rt.deps, pi, outcome));
    redirect(res, `${returnUrl}${returnUrl.includes("?") ? "&" : "?"}payment_intent=${pi.id}`);
    return true;
  }
  // A POST-redirect-GET, as Stripe does: the buyer ends on the checkout page (or success_url), so a
  // reload or the back button never resubmits the challenge. This includes a repeated or stale submit.
  if (session.status !== "open" || pi.status !== "requires_action") {
    redirect(res, checkoutAfterChallenge(session, pi));
    return true;
  }
  const result = asRequest(rt, () => completeAuthentication(rt.deps, pi.id, outcome));
  redirect(res, result.kind === "complete" ? afterCompletion(result) : checkoutAfterChallenge(session, pi));
  return true;
}
