import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { control, startHarness, type Harness } from "./helpers";

const RETURN = "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}";

/** What the embedded page tells its parent once paid, read from the page's inline script. */
function completionMessage(html: string): { session: string; redirect: string | null } | null {
  const match = /event:"complete",session:("[^"]+"),redirect:(null|"[^"]*")/.exec(html);
  return match ? { session: JSON.parse(match[1] ?? "") as string, redirect: JSON.parse(match[2] ?? "") as string | null } : null;
}

describe("Embedded Checkout pages", () => {
  let h: Harness;
  let price: string;
  beforeAll(async () => {
    h = await startHarness();
    const product = await h.stripe.products.create({ name: "Coins" });
    price = (await h.stripe.prices.create({ product: product.id, unit_amount: 500, currency: "usd" })).id;
  });
  afterAll(() => h.close());

  const embedded = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
    h.stripe.checkout.sessions.create({ mode: "payment", ui_mode: "embedded_page", line_items: [{ price, quantity: 2 }], return_url: RETURN, ...extra });
  const pagePath = (session: Stripe.Checkout.Session) => `/c/embed/${encodeURIComponent(String(session.client_secret))}`;
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${h.sandbox.url}${path}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
  const card = (number: string) => ({ email: "buyer@example.com", method: "card", cardNumber: number, cardExpiry: "12 / 34", cardCvc: "123", billingName: "Ada" });

  it("serves the hosted page's form at the client secret's address, frameable by any site", async () => {
    const session = await embedded();
    const res = await fetch(`${h.sandbox.url}${pagePath(session)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain(`action="${pagePath(session)}"`);
    for (const label of ["Email", "Card number", "Expiration", "CVC", "Cardholder name"]) expect(html).toContain(`>${label}</label>`);
    expect(html).toContain("$10.00");
  });

  it("keeps the hosted page out of frames, as Stripe's hosted Checkout", async () => {
    const hosted = await h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price, quantity: 1 }], success_url: "https://shop.example/ok" });
    const res = await fetch(String(hosted.url));
    expect(res.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("answers 404 to a wrong secret, and to a hosted session's id", async () => {
    const session = await embedded();
    expect((await fetch(`${h.sandbox.url}/c/embed/${session.id}_secret_wrong`)).status).toBe(404);
    expect((await fetch(`${h.sandbox.url}/c/embed/${session.id}`)).status).toBe(404);
  });

  it("completes a card payment, then tells the parent page to go to the return_url with the session id", async () => {
    const session = await embedded();
    const paid = await post(pagePath(session), card("4242424242424242"));
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(pagePath(session));
    const html = await (await fetch(`${h.sandbox.url}${pagePath(session)}`)).text();
    expect(completionMessage(html)).toEqual({ session: session.id, redirect: `https://shop.example/return?session_id=${session.id}` });
    expect(html).toContain('target="_top"');
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "complete", payment_status: "paid", amount_total: 1000 });
  });

  it("shows a decline in the frame and keeps the session open for another card", async () => {
    const session = await embedded();
    const declined = await post(pagePath(session), card("4000000000009995"));
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('<div role="alert">Your card has insufficient funds.</div>');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await post(pagePath(session), card("4242424242424242"))).status).toBe(303);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");
  });

  it("runs 3-D Secure inside the frame and comes back to the embedded page", async () => {
    const session = await embedded();
    const challenged = await post(pagePath(session), card("4000002500003155"));
    const challenge = String(challenged.headers.get("location"));
    expect(challenge).toMatch(/^\/c\/3ds\/pi_/);
    const page = await fetch(`${h.sandbox.url}${challenge}`);
    expect(page.headers.get("content-security-policy")).toBe("frame-ancestors *");
    const failed = await post(challenge, { outcome: "fail" });
    expect(failed.headers.get("location")).toBe(`${pagePath(session)}?payment_intent=${challenge.slice("/c/3ds/".length)}`);
    expect(await (await fetch(`${h.sandbox.url}${String(failed.headers.get("location"))}`)).text()).toContain("role=\"alert\"");

    const again = String((await post(pagePath(session), card("4000000000003220"))).headers.get("location"));
    const passed = await post(again, { outcome: "complete" });
    expect(passed.headers.get("location")).toBe(pagePath(session));
    expect(completionMessage(await (await fetch(`${h.sandbox.url}${pagePath(session)}`)).text())?.redirect).toContain(session.id);
  });

  it("calls onComplete instead of redirecting when the session never redirects", async () => {
    const session = await embedded({ return_url: undefined, redirect_on_completion: "never" });
    await post(pagePath(session), card("4242424242424242"));
    expect(completionMessage(await (await fetch(`${h.sandbox.url}${pagePath(session)}`)).text())).toEqual({ session: session.id, redirect: null });
  });

  it("pays through the pay control too, answering the return_url as redirect_url", async () => {
    const session = await embedded();
    const reply = await control<{ status: string; redirect_url: string | null }>(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, {});
    expect(reply.json).toMatchObject({ status: "complete", redirect_url: `https://shop.example/return?session_id=${session.id}` });
  });

  it("shows an expired session as expired in the frame", async () => {
    const session = await embedded();
    await h.stripe.checkout.sessions.expire(session.id);
    expect(await (await fetch(`${h.sandbox.url}${pagePath(session)}`)).text()).toContain("This Checkout Session has expired.");
  });
});
