import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as receipts from "@/app/account/receipts/[sessionId]/route";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Webhooks are off: the buyer's status check settles each payment, as on the success page.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function openReceipt(buyer: TestBuyer | null, sessionId: string, method: keyof typeof receipts = "GET", headers: Record<string, string> = {}): Promise<Response> {
  const sent = new Headers(buyer?.headers);
  for (const [name, value] of Object.entries(headers)) sent.set(name, value);
  return receipts[method](new Request(`http://app.test/account/receipts/${encodeURIComponent(sessionId)}`, { method, headers: sent }), {
    params: Promise.resolve({ sessionId }),
  });
}

async function paidMediumPack(buyer: TestBuyer): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  return sessionId;
}

describe("GET /account/receipts/:sessionId", () => {
  it("sends the buyer of a paid pack on to Stripe's receipt of its charge, which opens", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidMediumPack(buyer);

    const response = await openReceipt(buyer, sessionId);

    expect(response.status).toBe(303);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^${sandbox.apiBase}/receipts/ch_[A-Za-z0-9]+$`));
    const receipt = await fetch(location);
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain("Receipt");
  });

  it("answers 404 for another buyer's purchase, exactly as for one that does not exist", async () => {
    const sessionId = await paidMediumPack(await signUpBuyer());
    const other = await signUpBuyer();

    const someoneElses = await openReceipt(other, sessionId);
    const missing = await openReceipt(other, "cs_test_nosuchsession");

    expect(someoneElses.status).toBe(404);
    const body = await someoneElses.json();
    expect(body).toMatchObject({ error: { code: "not_found", type: "invalid_request_error" } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual(body);
  });

  it("answers 404 to the buyer of a checkout that took no money", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));

    const response = await openReceipt(buyer, sessionId);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("sends a signed-out visitor to sign in, and back to the account page after", async () => {
    const sessionId = await paidMediumPack(await signUpBuyer());

    const response = await openReceipt(null, sessionId);

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=/account");
  });

  it("refuses an id holding a NUL character, or that is not a Checkout Session id at all, with 400 before anything is looked up", async () => {
    const buyer = await signUpBuyer();
    // "%00" and "a%00" in the address reach the route decoded; PostgreSQL refuses byte 0 in text.
    for (const sessionId of ["\0", "a\0", "cs_test_a\0b", "x".repeat(20_000), "cs_test_abc!"]) {
      const response = await openReceipt(buyer, sessionId);

      expect(response.status, JSON.stringify(sessionId.slice(0, 20))).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: "That is not a Checkout Session id (cs_…)." } });
    }
  });

  it("keeps every answer out of caches, its 404, 405 and OPTIONS included", async () => {
    const buyer = await signUpBuyer();
    const answers = {
      "404": await openReceipt(buyer, "cs_test_nosuchsession"),
      "400": await openReceipt(buyer, "\0"),
      "405 POST": await openReceipt(buyer, "cs_test_nosuchsession", "POST"),
      "405 DELETE": await openReceipt(buyer, "cs_test_nosuchsession", "DELETE"),
      OPTIONS: await openReceipt(buyer, "cs_test_nosuchsession", "OPTIONS"),
      "signed out": await openReceipt(null, "cs_test_nosuchsession"),
    };

    for (const [what, response] of Object.entries(answers)) expect(response.headers.get("cache-control"), what).toBe("no-store");
    expect(answers["405 DELETE"].headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(answers.OPTIONS.status).toBe(204);
  });

  it("answers a method Next has no handler for, which the front door sends on as OPTIONS, with 405 and Allow in the error shape", async () => {
    for (const method of ["PROPFIND", "SEARCH", "M-SEARCH", "TRACE"]) {
      const response = await openReceipt(null, "cs_test_nosuchsession", "OPTIONS", { "x-storefront-uncommon-method": method });

      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow"), method).toBe("GET, HEAD, OPTIONS");
      expect(response.headers.get("cache-control"), method).toBe("no-store");
      expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed", message: `${method} is not allowed here; use GET or HEAD.` } });
    }
  });
});
