import type { IncomingMessage, ServerResponse } from "node:http";
import { newId } from "../core/ids";
import type { Runtime } from "../runtime";
import { StripeApiError } from "../http/errors";
import { parseForm } from "../http/form";
import { Params } from "../http/params";
import { readBody, redirect, sendHtml, sendRaw } from "../http/respond";
import type { CheckoutSession } from "../objects/checkout-session";
import type { PaymentIntent } from "../objects/payment-intent";
import { completeAuthentication, payCheckoutSession, type PayResult } from "../checkout/pay";
import { expireSession } from "../checkout/expire";
import { authenticateStandalone } from "../payments/intent-confirm";
import { tick } from "../tick";
import type { Customer } from "../objects/customer";
import { handleBillingPage } from "./billing-routes";
import { renderChallengePage } from "./challenge-page";
import { renderCheckoutPage, renderInactivePage, renderNotFoundPage, type CheckoutForm } from "./checkout-page";
import { FAVICON_SVG } from "./html";

type PageContext = { rt: Runtime; req: IncomingMessage; res: ServerResponse };

/** Hosted pages act like Stripe's front end calling its API: events carry a request id, no idempotency key. */
function asRequest<T>(rt: Runtime, fn: () => T): T {
  return rt.bus.run({ id: newId("req"), idempotency_key: null }, () => {
    tick(rt.deps);
    return fn();
  });
}

function defaultForm(rt: Runtime, session: CheckoutSession): CheckoutForm {
  const customer = session.customer ? rt.store.get<Customer>("customer", session.customer) : undefined;
  return { email: session.customer_email ?? customer?.email ?? "", name: "", method: "card" };
}

function showSession(ctx: PageContext, session: CheckoutSession, form: CheckoutForm, error: string | null): void {
  if (session.status !== "open") return sendHtml(ctx.res, 200, renderInactivePage(session));
  const items = ctx.rt.store.internal.sessions[session.id]?.lineItems ?? [];
  sendHtml(ctx.res, 200, renderCheckoutPage(session, items, form, error));
}

/**
 * Where the buyer lands after a challenge: the checkout page, naming the intent as Stripe's return_url
 * does, so that page can show the intent's decline (and a reload still shows it) without trusting text
 * from the query string.
 */
function checkoutAfterChallenge(sessionId: string, pi: PaymentIntent): string {
  return `/c/pay/${encodeURIComponent(sessionId)}?payment_intent=${encodeURIComponent(pi.id)}`;
}

/** The decline of the intent a challenge redirect named, if it is this session's and is still awaiting a new payment method. */
function challengeDecline(rt: Runtime, session: CheckoutSession, query: URLSearchParams): string | null {
  const id = query.get("payment_intent");
  if (!id || rt.store.internal.sessionOfIntent[id] !== session.id) return null;
  const pi = rt.store.get<PaymentIntent>("payment_intent", id);
  return pi?.status === "requires_payment_method" ? (pi.last_payment_error?.message ?? null) : null;
}

function respondToPayment(ctx: PageContext, result: PayResult, form: CheckoutForm): void {
  if (result.kind === "complete") return redirect(ctx.res, result.redirectUrl ?? `/c/pay/${result.session.id}`);
  if (result.kind === "requires_action") return redirect(ctx.res, `/c/3ds/${result.paymentIntent.id}`);
  showSession(ctx, result.session, form, result.error.message);
}

export async function handlePage(ctx: PageContext, url: URL): Promise<boolean> {
  const { rt, req, res } = ctx;
  const method = req.method ?? "GET";
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

  // Browsers ask for /favicon.ico on pages without an icon link (JSON controls, for one); answering avoids a logged 404.
  if (url.pathname === "/favicon.ico" && (method === "GET" || method === "HEAD")) {
    sendRaw(res, 200, "image/svg+xml", FAVICON_SVG, { "Cache-Control": "public, max-age=86400" });
    return true;
  }

  if (parts[0] === "c" && parts[1] === "pay" && parts[2]) {
    const id = parts[2];
    asRequest(rt, () => undefined);
    const session = rt.store.get<CheckoutSession>("checkout.session", id);
    // Only hosted_page sessions have a hosted page (`url`); the others are paid in the merchant's page.
    if (!session || session.ui_mode !== "hosted_page") {
      sendHtml(res, 404, renderNotFoundPage());
      return true;
    }
    if (method === "GET" && parts.length === 3) {
      showSession(ctx, session, defaultForm(rt, session), challengeDecline(rt, session, url.searchParams));
      return true;
    }
    if (method === "POST" && parts[3] === "expire") {
      try {
        asRequest(rt, () => expireSession(rt.deps, id));
      } catch (err) {
        if (!(err instanceof StripeApiError)) throw err;
      }
      sendHtml(res, 200, renderInactivePage(session));
      return true;
    }
    if (method === "POST" && parts.length === 3) {
      const p = new Params(parseForm(await readBody(req)));
      const form: CheckoutForm = {
        email: p.string("email") ?? "",
        name: p.string("billingName") ?? "",
        method: p.string("method") === "async_bank_debit" ? "async_bank_debit" : "card",
      };
      if (session.status !== "open") {
        sendHtml(res, 200, renderInactivePage(session));
        return true;
      }
      if (!form.email.trim()) {
        showSession(ctx, session, form, "Your email address is incomplete.");
        return true;
      }
      const result = asRequest(rt, () =>
        payCheckoutSession(
          rt.deps,
          id,
          form.method === "card"
            ? { method: "card", card: { number: p.string("cardNumber") ?? "", expiry: p.string("cardExpiry") ?? "", cvc: p.string("cardCvc") ?? "" }, email: form.email, name: form.name }
            : { method: "async_bank_debit", email: form.email, name: form.name },
        ),
      );
      respondToPayment(ctx, result, form);
      return true;
    }
  }

  if (parts[0] === "c" && parts[1] === "3ds" && parts[2] && parts.length === 3) {
    const pi = rt.store.get<PaymentIntent>("payment_intent", parts[2]);
    if (!pi) {
      sendHtml(res, 404, renderNotFoundPage());
      return true;
    }
    const sessionId = rt.store.internal.sessionOfIntent[pi.id];
    if (method === "GET") {
      if (pi.status === "requires_action") sendHtml(res, 200, renderChallengePage(pi));
      else redirect(res, sessionId ? checkoutAfterChallenge(sessionId, pi) : "/_sandbox");
      return true;
    }
    if (method === "POST") {
      const outcome = new Params(parseForm(await readBody(req))).string("outcome") === "complete" ? "complete" : "fail";
      if (!sessionId) {
        const returnUrl = pi.next_action?.redirect_to_url.return_url ?? "/_sandbox";
        asRequest(rt, () => authenticateStandalone(rt.deps, pi, outcome));
        redirect(res, `${returnUrl}${returnUrl.includes("?") ? "&" : "?"}payment_intent=${pi.id}`);
        return true;
      }
      // A POST-redirect-GET, as Stripe does: the buyer ends on the checkout page (or success_url), so a
      // reload or the back button never resubmits the challenge. This includes a repeated or stale submit.
      const session = rt.store.get<CheckoutSession>("checkout.session", sessionId);
      if (!session || session.status !== "open" || pi.status !== "requires_action") {
        redirect(res, checkoutAfterChallenge(sessionId, pi));
        return true;
      }
      const result = asRequest(rt, () => completeAuthentication(rt.deps, pi.id, outcome));
      redirect(res, (result.kind === "complete" ? result.redirectUrl : null) ?? checkoutAfterChallenge(sessionId, pi));
      return true;
    }
  }

  return handleBillingPage(ctx, parts);
}
