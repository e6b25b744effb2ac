import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as receiptRoute } from "@/app/account/receipts/[sessionId]/route";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Webhooks are off: the buyer's status check settles each payment, as on the success page.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function openReceipt(buyer: TestBuyer | null, sessionId: string): Promise<Response> {
  return receiptRoute(new Request(`http://app.test/account/receipts/${sessionId}`, { headers: buyer?.headers }), {
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
});
