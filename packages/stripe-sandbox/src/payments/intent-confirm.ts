import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { StripeApiError, invalidRequest, resourceMissing } from "../http/errors";
import type { Customer } from "../objects/customer";
import type { PaymentIntent } from "../objects/payment-intent";
import { buildPaymentMethod, type PaymentMethod } from "../objects/payment-method";
import { authenticationFails, chargeDeclines, chargeSucceeds, requireAction } from "./charges";
import { AUTHENTICATION_FAILURE, behaviourOf, brandOf } from "./test-cards";

/** Stripe's `pm_card_*` test tokens, mapped to the test card each one stands for. */
const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_visa_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedLostCard: "4000000000009987",
  pm_card_chargeDeclinedStolenCard: "4000000000009979",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_chargeDeclinedFraudulent: "4100000000000019",
  pm_card_radarBlock: "4100000000000019",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_threeDSecure2Required: "4000000000003220",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_createDispute: "4000000000000259",
  pm_card_createDisputeInquiry: "4000000000001976",
  pm_card_refundFail: "4000000000005126",
  pm_card_pendingRefund: "4000000000007726",
};

export function paymentMethodFor(deps: Deps, token: string, customer: string | null): PaymentMethod {
  const existing = deps.store.get<PaymentMethod>("payment_method", token);
  if (existing) return existing;
  const number = TEST_PAYMENT_METHODS[token];
  if (!number) throw resourceMissing("PaymentMethod", token, "payment_method");
  const pm = deps.store.insert(
    buildPaymentMethod({
      id: newId("pm"),
      now: deps.clock.now(),
      card: { brand: brandOf(number), last4: number.slice(-4), exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, funding: "credit" },
      email: null,
      name: null,
      customer,
    }),
  );
  deps.store.internal.cardNumbers[pm.id] = number;
  return pm;
}

/** `POST /v1/payment_intents[/:id/confirm]` with a test token: what `stripe trigger payment_intent.*` uses. */
export function confirmIntent(deps: Deps, pi: PaymentIntent, token: string, returnUrl: string | null): PaymentIntent {
  if (pi.status !== "requires_payment_method" && pi.status !== "requires_action") {
    throw invalidRequest(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, { code: "payment_intent_unexpected_state", param: "payment_intent" });
  }
  if (pi.customer && !deps.store.get<Customer>("customer", pi.customer)) throw resourceMissing("customer", pi.customer, "customer");
  const pm = paymentMethodFor(deps, token, pi.customer);
  const behaviour = behaviourOf(deps.store.internal.cardNumbers[pm.id] ?? "");
  if (behaviour.kind === "challenge") {
    requireAction(deps, pi, pm, returnUrl ?? `${deps.publicBase()}/_sandbox`);
    return pi;
  }
  if (behaviour.kind === "decline") throw new StripeApiError(402, chargeDeclines(deps, pi, pm, behaviour.decline));
  chargeSucceeds(deps, pi, pm);
  return pi;
}

/** 3-D Secure result for an intent that no Checkout Session owns. */
export function authenticateStandalone(deps: Deps, pi: PaymentIntent, outcome: "complete" | "fail"): PaymentIntent {
  const pm = pi.payment_method ? deps.store.get<PaymentMethod>("payment_method", pi.payment_method) : undefined;
  if (pi.status !== "requires_action" || !pm) {
    throw invalidRequest(`This PaymentIntent's status is ${pi.status}; it does not require authentication.`, { code: "payment_intent_unexpected_state" });
  }
  if (outcome === "fail") {
    authenticationFails(deps, pi, pm, AUTHENTICATION_FAILURE);
    return pi;
  }
  const behaviour = behaviourOf(deps.store.internal.cardNumbers[pm.id] ?? "");
  const after = behaviour.kind === "challenge" ? behaviour.afterAuthentication : { kind: "succeed" as const };
  if (after.kind === "decline") chargeDeclines(deps, pi, pm, after.decline);
  else chargeSucceeds(deps, pi, pm);
  return pi;
}
