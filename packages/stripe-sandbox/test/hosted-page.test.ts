import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPaymentSession, openSubscriptionSession, startHarness, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function submit(url: string, fields: Record<string, string>) {
  return fetch(url, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
}

/** The absolute URL a redirect answer points at. */
function location(res: Response): string {
  return new URL(res.headers.get("location") ?? "", h.sandbox.url).toString();
}

const CARD = { email: "page@example.com", method: "card", cardExpiry: "12 / 34", cardCvc: "123", billingName: "Ada Lovelace" };

describe("hosted checkout page", () => {
  it("renders line items, the total and every labelled control", async () => {
    const session = await openPaymentSession(h.stripe);
    const res = await fetch(session.url ?? "");
    const page = await res.text();
    expect(res.headers.get("content-type")).toContain("text/html");
    for (const label of ["Email", "Card number", "Expiration", "CVC", "Cardholder name", "Card", "Async bank debit"]) {
      expect(page).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    }
    expect(page).toContain('placeholder="MM / YY"');
    expect(page).toContain("T-shirt × 2");
    expect(page).toContain("$30.00");
    expect(page).toMatch(/<button type="submit" name="action" value="pay">Pay<\/button>/);
    expect(page).toContain("Expire session</button>");
    expect(page).toContain('<a href="https://shop.example/cart">Back</a>');
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it("says Subscribe in subscription mode", async () => {
    const session = await openSubscriptionSession(h.stripe);
    expect(await (await fetch(session.url ?? "")).text()).toContain(">Subscribe</button>");
  });

  it("redirects a successful card payment to success_url with the session id filled in", async () => {
    const session = await openPaymentSession(h.stripe);
    const res = await submit(session.url ?? "", { ...CARD, cardNumber: "4242 4242 4242 4242" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://shop.example/success?session_id=${session.id}`);
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "complete", customer_details: { email: "page@example.com", name: "Ada Lovelace" } });
  });

  it("re-renders a decline with Stripe's message in role=alert and accepts a retry", async () => {
    const session = await openPaymentSession(h.stripe);
    const declined = await submit(session.url ?? "", { ...CARD, cardNumber: "4000000000009995" });
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('<div role="alert">Your card has insufficient funds.</div>');
    const retry = await submit(session.url ?? "", { ...CARD, cardNumber: "4242424242424242" });
    expect(retry.status).toBe(303);
  });

  it("routes 3-D Secure cards through a challenge page with complete and fail buttons", async () => {
    const session = await openPaymentSession(h.stripe);
    const first = await submit(session.url ?? "", { ...CARD, cardNumber: "4000002500003155" });
    expect(first.status).toBe(303);
    const challengeUrl = location(first);
    const challenge = await (await fetch(challengeUrl)).text();
    expect(challenge).toContain(">Complete authentication</button>");
    expect(challenge).toContain(">Fail authentication</button>");
    const second = await submit(challengeUrl, { outcome: "complete" });
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toBe(`https://shop.example/success?session_id=${session.id}`);
  });

  it("sends the buyer back to the checkout page with the decline shown after a failed challenge", async () => {
    const session = await openPaymentSession(h.stripe);
    const challengeUrl = location(await submit(session.url ?? "", { ...CARD, cardNumber: "4000000000003220" }));
    const failed = await submit(challengeUrl, { outcome: "fail" });
    expect(failed.status).toBe(303);
    const back = new URL(location(failed));
    expect(back.pathname).toBe(`/c/pay/${session.id}`);
    const page = await fetch(back);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<div role="alert">We are unable to authenticate your payment method.');
    expect(text).toContain(">Pay</button>");

    const retry = await submit(session.url ?? "", { ...CARD, cardNumber: "4242424242424242" });
    expect(retry.headers.get("location")).toBe(`https://shop.example/success?session_id=${session.id}`);
  });

  it("shows a decline that follows a completed challenge on the checkout page too", async () => {
    const session = await openSubscriptionSession(h.stripe);
    const challengeUrl = location(await submit(session.url ?? "", { ...CARD, cardNumber: "4000008260003178" }));
    const declined = await submit(challengeUrl, { outcome: "complete" });
    expect(declined.status).toBe(303);
    const back = new URL(location(declined));
    expect(back.pathname).toBe(`/c/pay/${session.id}`);
    expect(await (await fetch(back)).text()).toContain('<div role="alert">Your card has insufficient funds.</div>');
  });

  it("redirects a repeated challenge answer to the checkout page instead of staying on the challenge", async () => {
    const session = await openPaymentSession(h.stripe);
    const challengeUrl = location(await submit(session.url ?? "", { ...CARD, cardNumber: "4000000000003220" }));
    await submit(challengeUrl, { outcome: "fail" });
    const again = await submit(challengeUrl, { outcome: "complete" });
    expect(again.status).toBe(303);
    expect(new URL(location(again)).pathname).toBe(`/c/pay/${session.id}`);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("shows no decline on a checkout page named with another session's payment intent", async () => {
    const declinedSession = await openPaymentSession(h.stripe);
    const challengeUrl = location(await submit(declinedSession.url ?? "", { ...CARD, cardNumber: "4000000000003220" }));
    const back = new URL(location(await submit(challengeUrl, { outcome: "fail" })));
    const other = await openPaymentSession(h.stripe);
    const page = await (await fetch(`${other.url ?? ""}${back.search}`)).text();
    expect(page).not.toContain('role="alert"');
  });

  it("still returns a 3-D Secure payment intent made outside Checkout to its return_url", async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      payment_method: "pm_card_threeDSecure2Required",
      confirm: true,
      return_url: "https://shop.example/after-3ds",
    });
    expect(pi.status).toBe("requires_action");
    const failed = await submit(pi.next_action?.redirect_to_url?.url ?? "", { outcome: "fail" });
    expect(failed.status).toBe(303);
    expect(failed.headers.get("location")).toBe(`https://shop.example/after-3ds?payment_intent=${pi.id}`);
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).last_payment_error?.code).toBe("payment_intent_authentication_failure");
  });

  it("completes an async bank debit as unpaid and redirects to success", async () => {
    const session = await openPaymentSession(h.stripe);
    const res = await submit(session.url ?? "", { email: "bank@example.com", method: "async_bank_debit" });
    expect(res.status).toBe(303);
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "complete", payment_status: "unpaid" });
  });

  it("the Expire session button expires the session", async () => {
    const session = await openPaymentSession(h.stripe);
    const res = await submit(`${session.url ?? ""}/expire`, {});
    expect(await res.text()).toContain("This Checkout Session has expired.");
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "expired", url: null });
  });
});
