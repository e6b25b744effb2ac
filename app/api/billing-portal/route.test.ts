import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as billingPortalRoute } from "@/app/api/billing-portal/route";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

function openPortal(buyer: TestBuyer | null, contentType?: string): Promise<Response> {
  const headers = new Headers(buyer?.headers);
  if (contentType) headers.set("content-type", contentType);
  return billingPortalRoute(new Request("http://app.test/api/billing-portal", { method: "POST", headers }), undefined);
}

describe("POST /api/billing-portal", () => {
  it("opens Stripe's billing portal for the buyer's customer, returning to the account page", async () => {
    const buyer = await signUpBuyer();
    await checkout(buyer, await sandbox.priceId("starter"));

    const response = await openPortal(buyer);

    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    const page = await fetch(url).then((r) => r.text());
    expect(page).toContain("Billing");
    expect(page).toContain("http://app.test/account");
  });

  it("answers 404 for a buyer who has never bought anything, and 401 when nobody is signed in", async () => {
    const response = await openPortal(await signUpBuyer());
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    expect((await openPortal(null)).status).toBe(401);
  });

  it("refuses a request that says its body is anything but JSON with 415, even with no body, and opens nothing", async () => {
    const buyer = await signUpBuyer();
    await checkout(buyer, await sandbox.priceId("starter"));

    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await openPortal(buyer, type);

      expect(response.status, type).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
    }
    expect((await openPortal(buyer, "application/json")).status).toBe(200);
  });
});
