import { describe, expect, it } from "vitest";
import { routeLabeller } from "@/lib/observability/route-template";

const ask = (label: ReturnType<typeof routeLabeller>, path: string, params?: Record<string, string | string[]>) =>
  label(new Request(`http://app.test${path}`), params === undefined ? undefined : { params: Promise.resolve(params) });

describe("a route's label", () => {
  it("is the path of a route without params", async () => {
    expect(await ask(routeLabeller(), "/api/usage", {})).toBe("/api/usage");
  });

  it("names a param's segment by the param, whatever id it holds, encoded or not", async () => {
    const label = routeLabeller();
    expect(await ask(label, "/api/admin/purchases/cs_test_1/refund", { sessionId: "cs_test_1" })).toBe("/api/admin/purchases/[sessionId]/refund");
    expect(await ask(routeLabeller(), "/api/check-payment-status/cs%20x", { sessionId: "cs x" })).toBe("/api/check-payment-status/[sessionId]");
  });

  it("names a catch-all's segments [...name]", async () => {
    expect(await ask(routeLabeller(), "/api/auth/sign-in/email", { all: ["sign-in", "email"] })).toBe("/api/auth/[...all]");
  });

  it("keeps the first template it found for every later request, so no URL can add a series", async () => {
    const label = routeLabeller();
    await ask(label, "/api/check-payment-status/cs_test_1", { sessionId: "cs_test_1" });
    expect(await ask(label, "/api/check-payment-status/anything-at-all", { sessionId: "anything-at-all" })).toBe("/api/check-payment-status/[sessionId]");
  });

  it("is 'ambiguous' until then when a param's value also spells another segment", async () => {
    const label = routeLabeller();
    expect(await ask(label, "/api/admin/purchases/purchases", { sessionId: "purchases" })).toBe("ambiguous");
    expect(await ask(label, "/api/admin/purchases/cs_test_2", { sessionId: "cs_test_2" })).toBe("/api/admin/purchases/[sessionId]");
  });
});
