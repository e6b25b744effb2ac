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
    const challengeUrl = new URL(first.headers.get("location") ?? "", h.sandbox.url).toString();
    const challenge = await (await fetch(challengeUrl)).text();
    expect(challenge).toContain(">Complete authentication</button>");
    expect(challenge).toContain(">Fail authentication</button>");
    const failed = await submit(challengeUrl, { outcome: "fail" });
    expect(await failed.text()).toContain('role="alert">We are unable to authenticate your payment method.');
    const second = await submit(session.url ?? "", { ...CARD, cardNumber: "4000002500003155" });
    const done = await submit(new URL(second.headers.get("location") ?? "", h.sandbox.url).toString(), { outcome: "complete" });
    expect(done.headers.get("location")).toBe(`https://shop.example/success?session_id=${session.id}`);
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
