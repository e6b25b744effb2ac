/** What the issuer (or Radar) does with a test card; numbers and codes from docs.stripe.com/testing. */
export type Decline = { code: string; declineCode?: string; message: string; param?: string; blocked?: boolean };

/** What happens to a successful payment afterwards: a dispute, or refunds that do not simply succeed. */
export type AfterPayment = "dispute" | "inquiry" | "refund_fails" | "refund_pending";

type CardBehaviour =
  | { kind: "succeed"; after?: AfterPayment }
  | { kind: "decline"; decline: Decline }
  | { kind: "challenge"; afterAuthentication: { kind: "succeed" } | { kind: "decline"; decline: Decline } };

const DECLINED = "Your card was declined.";

function decline(code: string, declineCode: string | undefined, message: string, extra: Partial<Decline> = {}): CardBehaviour {
  return { kind: "decline", decline: { code, ...(declineCode ? { declineCode } : {}), message, ...extra } };
}

const SUCCEED: CardBehaviour = { kind: "succeed" };

const CARDS: Record<string, CardBehaviour> = {
  "4242424242424242": SUCCEED,
  "4000056655665556": SUCCEED,
  "5555555555554444": SUCCEED,
  "2223003122003222": SUCCEED,
  "5200828282828210": SUCCEED,
  "378282246310005": SUCCEED,
  "6011111111111117": SUCCEED,
  "4000000000003055": SUCCEED,
  "4000000000000259": { kind: "succeed", after: "dispute" },
  "4000000000001976": { kind: "succeed", after: "inquiry" },
  "4000000000005126": { kind: "succeed", after: "refund_fails" },
  "4000000000007726": { kind: "succeed", after: "refund_pending" },
  "4000000000000002": decline("card_declined", "generic_decline", DECLINED),
  "4000000000009995": decline("card_declined", "insufficient_funds", "Your card has insufficient funds."),
  "4000000000009987": decline("card_declined", "lost_card", DECLINED),
  "4000000000009979": decline("card_declined", "stolen_card", DECLINED),
  "4000000000006975": decline("card_declined", "card_velocity_exceeded", "Your card was declined for making repeated attempts too frequently or exceeding its amount limit."),
  "4000000000000069": decline("expired_card", undefined, "Your card has expired.", { param: "exp_month" }),
  "4000000000000127": decline("incorrect_cvc", undefined, "Your card's security code is incorrect.", { param: "cvc" }),
  "4000000000000119": decline("processing_error", undefined, "An error occurred while processing your card. Try again in a little bit."),
  "4100000000000019": decline("card_declined", "fraudulent", DECLINED, { blocked: true }),
  // Attaches to a customer but every charge fails; Checkout attaches and charges at once, so it declines here.
  "4000000000000341": decline("card_declined", "generic_decline", DECLINED),
  "4000002500003155": { kind: "challenge", afterAuthentication: { kind: "succeed" } },
  "4000002760003184": { kind: "challenge", afterAuthentication: { kind: "succeed" } },
  "4000000000003220": { kind: "challenge", afterAuthentication: { kind: "succeed" } },
  "4000008260003178": { kind: "challenge", afterAuthentication: { kind: "decline", decline: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." } } },
  "4000008400001629": { kind: "challenge", afterAuthentication: { kind: "decline", decline: { code: "card_declined", declineCode: "generic_decline", message: DECLINED } } },
};

/** Real card numbers are refused in test mode, as on Stripe. */
const LIVE_CARD = decline(
  "card_declined",
  "test_mode_live_card",
  "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
);

export const AUTHENTICATION_FAILURE: Decline = {
  code: "payment_intent_authentication_failure",
  message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
};

export function behaviourOf(number: string): CardBehaviour {
  return CARDS[number] ?? LIVE_CARD;
}

/**
 * Saving a card without charging it (what a SetupIntent does when nothing is due): declining cards fail,
 * except 4000000000000341, which attaches and fails only when charged (stripe-facts.md §4).
 */
export function setupDecline(number: string): Decline | null {
  if (number === "4000000000000341") return null;
  const behaviour = behaviourOf(number);
  return behaviour.kind === "decline" ? behaviour.decline : null;
}

/** Looked up by the PaymentMethod's stored card number; bank debits and unknown methods have no after-effects. */
export function afterPaymentOf(number: string | undefined): AfterPayment | undefined {
  const behaviour = number === undefined ? undefined : CARDS[number];
  return behaviour?.kind === "succeed" ? behaviour.after : undefined;
}

export function brandOf(number: string): string {
  if (/^3[47]/.test(number)) return "amex";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^6(011|5)/.test(number)) return "discover";
  return "visa";
}
