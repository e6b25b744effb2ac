import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { invalidRequest, resourceMissing } from "../http/errors";
import { formatAmount } from "../money/currencies";
import type { Charge } from "../objects/charge";
import type { Dispute } from "../objects/dispute";
import type { PaymentIntent } from "../objects/payment-intent";
import { buildRefund, type Refund } from "../objects/refund";
import { afterPaymentOf } from "./test-cards";

/** Observed on a test refund failure: `charge.refund.updated` came 4 s after the refund was created. */
const REFUND_FAILS_AFTER_MS = 4000;
/** Stripe gives no figure for 7726; a few seconds is long enough to observe `pending` and short enough for a dev loop. */
const PENDING_REFUND_SETTLES_AFTER_MS = 5000;

function getCharge(deps: Deps, id: string): Charge {
  const charge = deps.store.get<Charge>("charge", id);
  if (!charge) throw resourceMissing("charge", id, "charge");
  return charge;
}

export function refundTarget(deps: Deps, chargeId: string | undefined, intentId: string | undefined): Charge {
  if (chargeId && intentId) throw invalidRequest("You cannot specify both `charge` and `payment_intent`.", { param: "payment_intent" });
  if (chargeId) return getCharge(deps, chargeId);
  if (!intentId) throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", { code: "parameter_missing" });
  const pi = deps.store.get<PaymentIntent>("payment_intent", intentId);
  if (!pi) throw resourceMissing("payment_intent", intentId, "payment_intent");
  const charge = pi.latest_charge ? deps.store.get<Charge>("charge", pi.latest_charge) : undefined;
  if (!charge || charge.status !== "succeeded") {
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: "payment_intent", code: "charge_not_refundable" });
  }
  return charge;
}

function checkRefundable(deps: Deps, charge: Charge): void {
  if (charge.status !== "succeeded") {
    throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded (status: ${charge.status}).`, { param: "charge", code: "charge_not_refundable" });
  }
  const dispute = charge.dispute ? deps.store.get<Dispute>("dispute", charge.dispute) : undefined;
  if (dispute && !dispute.is_charge_refundable) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: "charge_disputed" });
  }
  if (charge.refunded) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { param: "charge", code: "charge_already_refunded" });
}

/** The charge embeds copies of its refunds, which must follow the refund's own changes. */
function syncChargeCopy(charge: Charge, refund: Refund): void {
  charge.refunds = { ...charge.refunds, data: charge.refunds.data.map((r) => (r.id === refund.id ? structuredClone(refund) : r)) };
}

export function createRefund(deps: Deps, input: { charge: Charge; amount: number | undefined; reason: string | null; metadata: Record<string, string> }): Refund {
  const { charge } = input;
  checkRefundable(deps, charge);
  const remaining = charge.amount - charge.amount_refunded;
  const amount = input.amount ?? remaining;
  if (amount < 1) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { param: "amount", code: "amount_too_large" },
    );
  }
  const after = afterPaymentOf(deps.store.internal.cardNumbers[charge.payment_method]);
  const refund = deps.store.insert(
    buildRefund({
      id: newId("re"),
      now: deps.clock.now(),
      amount,
      charge: charge.id,
      paymentIntent: charge.payment_intent,
      currency: charge.currency,
      customer: charge.customer,
      paymentMethod: charge.payment_method,
      reason: input.reason,
      metadata: input.metadata,
      card: (charge["payment_method_details"] as { type?: string } | null)?.type === "card",
      status: after === "refund_pending" ? "pending" : "succeeded",
    }),
  );
  if (after === "refund_fails") deps.store.internal.dueAt[refund.id] = deps.clock.nowMs() + REFUND_FAILS_AFTER_MS;
  if (after === "refund_pending") deps.store.internal.dueAt[refund.id] = deps.clock.nowMs() + PENDING_REFUND_SETTLES_AFTER_MS;
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  charge.refunds = { ...charge.refunds, data: [structuredClone(refund), ...charge.refunds.data] };
  deps.store.touch();
  deps.bus.emit("refund.created", refund);
  deps.bus.emit("charge.refunded", charge, previous);
  return refund;
}

export function getRefund(deps: Deps, id: string): Refund {
  const refund = deps.store.get<Refund>("refund", id);
  if (!refund) throw resourceMissing("refund", id);
  return refund;
}

/**
 * A failed refund's money goes back to the merchant's balance (`failure_balance_transaction`), so the
 * customer was not refunded: the charge's `amount_refunded` drops by the refund and `refunded` turns false,
 * which also lets the merchant refund again by other means. Stripe does not document this either way.
 */
export function failRefund(deps: Deps, refund: Refund, failureReason = "expired_or_canceled_card"): Refund {
  // Idempotent so a test's control call and the automatic step can race without a second set of events.
  if (refund.status === "failed") return refund;
  delete deps.store.internal.dueAt[refund.id];
  const previous = { status: refund.status, failure_reason: null, failure_balance_transaction: null };
  refund.status = "failed";
  refund.failure_reason = failureReason;
  refund.failure_balance_transaction = newId("txn");
  const charge = deps.store.get<Charge>("charge", refund.charge);
  if (charge) {
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = false;
    syncChargeCopy(charge, refund);
  }
  deps.store.touch();
  deps.bus.emit("refund.updated", refund, previous);
  deps.bus.emit("refund.failed", refund);
  deps.bus.emit("charge.refund.updated", refund, previous);
  return refund;
}

export function settleRefund(deps: Deps, refund: Refund): Refund {
  if (refund.status === "succeeded") return refund;
  if (refund.status !== "pending") throw invalidRequest(`Refund ${refund.id} is ${refund.status}; only pending refunds can settle.`, { param: "id" });
  delete deps.store.internal.dueAt[refund.id];
  refund.status = "succeeded";
  const charge = deps.store.get<Charge>("charge", refund.charge);
  if (charge) syncChargeCopy(charge, refund);
  deps.store.touch();
  deps.bus.emit("refund.updated", refund, { status: "pending" });
  return refund;
}

/** The delayed step a test card gave this refund: a pending refund settles, a succeeded one fails. */
export function takeDueRefundStep(deps: Deps, refund: Refund): void {
  if (refund.status === "pending") settleRefund(deps, refund);
  else if (refund.status === "succeeded") failRefund(deps, refund);
}
