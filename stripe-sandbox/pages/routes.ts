import type { IncomingMessage, ServerResponse } from "node:http";
import { newId } from "../core/ids";
import type { Runtime } from "../runtime";
import { StripeApiError } from "../http/errors";
import { parseForm } from "../http/form";
import { Params } from "../http/params";
import { readBody, redirect, sendHtml } from "../http/respond";
import type { CheckoutSession } from "../objects/checkout-session";
import type { PaymentIntent } from "../objects/payment-intent";
import { completeAuthentication, payCheckoutSession, type PayResult } from "../payments/checkout-pay";
import { expireSession, sweepExpired } from "../payments/expire";
import { authenticateStandalone } from "../payments/intent-confirm";
import type { Customer } from "../objects/customer";
import { handleBillingPage } from "./billing-routes";
import { renderChallengePage } from "./challenge-page";
import { renderCheckoutPage, renderInactivePage, renderNotFoundPage, type CheckoutForm } from "./checkout-page";

type PageContext = { rt: Runtime; req: IncomingMessage; res: ServerResponse };

/** Hosted pages act like Stripe's front end calling its API: events carry a request id, no idempotency key. */
function asRequest<T>(rt: Runtime, fn: () => T): T {
  return rt.bus.run({ id: newId("req"), idempotency_key: null }, () => {
    sweepExpired(rt.deps);
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

function respondToPayment(ctx: PageContext, result: PayResult, form: CheckoutForm): void {
  if (result.kind === "complete") return redirect(ctx.res, result.redirectUrl);
  if (result.kind === "requires_action") return redirect(ctx.res, `/c/3ds/${result.paymentIntent.id}`);
  showSession(ctx, result.session, form, result.error.message);
}

export async function handlePage(ctx: PageContext, path: string): Promise<boolean> {
  const { rt, req, res } = ctx;
  const method = req.method ?? "GET";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);

  if (parts[0] === "c" && parts[1] === "pay" && parts[2]) {
    const id = parts[2];
    asRequest(rt, () => undefined);
    const session = rt.store.get<CheckoutSession>("checkout.session", id);
    if (!session) {
      sendHtml(res, 404, renderNotFoundPage());
      return true;
    }
    if (method === "GET" && parts.length === 3) {
      showSession(ctx, session, defaultForm(rt, session), null);
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
      else redirect(res, sessionId ? `/c/pay/${sessionId}` : "/_sandbox");
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
      const session = rt.store.get<CheckoutSession>("checkout.session", sessionId);
      if (!session || session.status !== "open" || pi.status !== "requires_action") {
        if (session) showSession(ctx, session, defaultForm(rt, session), null);
        else sendHtml(res, 404, renderNotFoundPage());
        return true;
      }
      const result = asRequest(rt, () => completeAuthentication(rt.deps, pi.id, outcome));
      respondToPayment(ctx, result, defaultForm(rt, session));
      return true;
    }
  }

  return handleBillingPage(ctx, parts);
}
