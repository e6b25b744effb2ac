import { beforeAll, describe, expect, it } from "vitest";
import { GET as searchRoute } from "@/app/api/admin/purchases/route";
import { GET as purchaseRoute } from "@/app/api/admin/purchases/[sessionId]/route";
import { db } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";

// The console's purchase search and timeline for scripts: operators only, the search form's
// fields as the query string, bad input refused in the API's error shape.

let operator: TestBuyer;
let buyer: TestBuyer;
beforeAll(async () => {
  [operator, buyer] = [await signUpOperator(), await signUpBuyer()];
  await db.purchase.create({
    data: {
      checkoutSessionId: "cs_test_api_twin",
      userId: buyer.id,
      productKey: "small_pack",
      mode: "payment",
      amountCents: 200,
      currency: "usd",
      status: "paid",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    },
  });
});

function search(who: TestBuyer | null, query: string): Promise<Response> {
  return searchRoute(new Request(`http://app.test/api/admin/purchases${query}`, { headers: who?.headers }), undefined);
}

function open(who: TestBuyer | null, sessionId: string): Promise<Response> {
  return purchaseRoute(new Request(`http://app.test/api/admin/purchases/${sessionId}`, { headers: who?.headers }), { params: Promise.resolve({ sessionId }) });
}

describe("GET /api/admin/purchases", () => {
  it("answers an operator the purchases the search matches, and the cursors either side", async () => {
    const response = await search(operator, `?q=${encodeURIComponent(buyer.email)}&status=paid&product=small_pack&from=2020-01-01`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      purchases: [expect.objectContaining({ checkoutSessionId: "cs_test_api_twin", email: buyer.email, status: "paid" })],
      newer: null,
      older: null,
    });
  });

  it("tells a buyer and a visitor there is no such route", async () => {
    for (const who of [buyer, null]) {
      const response = await search(who, `?q=${buyer.email}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found", type: "invalid_request_error" } });
    }
  });

  it.each([
    ["?cursor=garbled", /page cursor/],
    ["?status=refunded", /status must be one of/],
    ["?product=huge_pack", /product must be/],
    ["?from=2026-13-01", /from must be a day/],
    ["?from=2026-05-02&to=2026-05-01", /from must not be after to/],
    ["?q=two%20words", /Search by an email/],
    ["?status=paid&status=failed", /at most once/],
  ])("refuses %s with 400 invalid_request saying what is wrong", async (query, message) => {
    const response = await search(operator, query);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(message);
  });
});

describe("GET /api/admin/purchases/:sessionId", () => {
  it("answers an operator the purchase and its timeline", async () => {
    const response = await open(operator, "cs_test_api_twin");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { purchase: { email: string }; items: { kind: string }[] };
    expect(body.purchase.email).toBe(buyer.email);
    expect(body.items[0]?.kind).toBe("session_created");
  });

  it("answers 404 for a purchase nobody made, 400 for what is not a session id, and 404 to anyone but an operator", async () => {
    expect(await (await open(operator, "cs_test_nobody_made_this")).json()).toMatchObject({ error: { code: "not_found" } });
    const bad = await open(operator, "pi_123");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request" } });
    for (const who of [buyer, null]) expect((await open(who, "cs_test_api_twin")).status).toBe(404);
  });
});
