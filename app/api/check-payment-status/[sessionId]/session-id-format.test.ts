import { describe, expect, it } from "vitest";
import { requestStatus } from "@/test-support/route-calls";

// The status route reads the database, and maybe Stripe, for a Checkout Session id from the URL.
// Anything that is not one is refused before either is asked; a well-formed id goes on to the
// sign-in check (401 here, as nobody is signed in).

const wellFormed = ["cs_test_a", "cs_live_a1B2c3", `cs_test_${"a".repeat(200)}`];
const malformed = ["cs_test_", `cs_test_${"a".repeat(201)}`, "xcs_test_abc", "cs_test_abc!", "cs_test_abc-def", "cs_prod_abc", "cs_testabc", "pi_test_abc"];

describe("GET /api/check-payment-status/:sessionId", () => {
  it.each(wellFormed)("takes %s as a Checkout Session id", async (sessionId) => {
    const response = await requestStatus(null, sessionId);
    expect(response.status).toBe(401);
  });

  it.each(malformed)("refuses %s as not a Checkout Session id, saying what one looks like", async (sessionId) => {
    const response = await requestStatus(null, sessionId);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: "That is not a Checkout Session id (cs_…)." } });
  });
});
