import { describe, expect, it } from "vitest";
import { ApiRequestError } from "@/components/api-client";
import { needsServerRender } from "@/components/success/polling-rules";

describe("needsServerRender", () => {
  it("keeps the page while the poll agrees with what the server rendered", () => {
    expect(needsServerRender("processing", "processing", undefined)).toBe(false);
  });

  it("renders again once the status has moved on", () => {
    expect(needsServerRender("unpaid", "paid", undefined)).toBe(true);
    expect(needsServerRender("processing", "failed", undefined)).toBe(true);
  });

  it.each([0, 429, 500, 503])("keeps the page through a transient failure (%i): the poll retries", (status) => {
    expect(needsServerRender("processing", "processing", new ApiRequestError(status, undefined, "x"))).toBe(false);
  });

  it.each([401, 404])("hands a lasting failure (%i) to the server, which redirects or explains", (status) => {
    expect(needsServerRender("processing", "processing", new ApiRequestError(status, undefined, "x"))).toBe(true);
  });
});
