import { describe, expect, it } from "vitest";
import { encodeCursor, pageCursorParam } from "@/lib/admin/page-cursor";

describe("a console page's cursor", () => {
  it("opens the first page with none, the named row with one this console wrote, and nothing with a garbled one", () => {
    const written = { direction: "older" as const, at: new Date("2026-12-01T00:00:00Z"), id: "row_1" };
    expect(pageCursorParam(undefined)).toBeUndefined();
    expect(pageCursorParam("")).toBeUndefined();
    expect(pageCursorParam(encodeCursor(written))).toEqual(written);
    expect(pageCursorParam(`${encodeCursor(written)}x`)).toBeNull();
    expect(pageCursorParam("not a cursor")).toBeNull();
  });
});
