import type { Deps } from "../core/deps";
import { invalidRequest, resourceMissing } from "../http/errors";
import type { CheckoutSession } from "../objects/checkout-session";
import type { PaymentIntent } from "../objects/payment-intent";

export function expireSession(deps: Deps, sessionId: string): CheckoutSession {
  const session = deps.store.get<CheckoutSession>("checkout.session", sessionId);
  if (!session) throw resourceMissing("checkout.session", sessionId, "session");
  if (session.status !== "open") {
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`, {
      code: "checkout_session_inactive",
    });
  }
  markExpired(deps, session);
  return session;
}

/** Open sessions whose expires_at has passed expire (the runtime tick's first step, see ../tick.ts). */
export function expireDueSessions(deps: Deps): void {
  const now = deps.clock.now();
  for (const session of deps.store.list<CheckoutSession>("checkout.session")) {
    if (session.status === "open" && session.expires_at <= now) markExpired(deps, session);
  }
}

function markExpired(deps: Deps, session: CheckoutSession): void {
  session.status = "expired";
  session.url = null;
  const intentId = deps.store.internal.sessions[session.id]?.intent;
  const pi = intentId ? deps.store.get<PaymentIntent>("payment_intent", intentId) : undefined;
  // An abandoned attempt's intent can never be paid any more, so it is cancelled with the session.
  if (pi && (pi.status === "requires_payment_method" || pi.status === "requires_action")) {
    pi.status = "canceled";
    pi.canceled_at = deps.clock.now();
    pi.cancellation_reason = "abandoned";
    pi.next_action = null;
    deps.bus.emit("payment_intent.canceled", pi);
  }
  deps.store.touch();
  deps.bus.emit("checkout.session.expired", session);
}
