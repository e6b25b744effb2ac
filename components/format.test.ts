import { describe, expect, it } from "vitest";
import { formatCoinChange, formatDate, formatDateTime, formatMoney } from "@/components/format";
import { formatMoment } from "@/components/admin/purchases/moment";

// Formatters are built once and kept: whatever was formatted before, each figure must read as a
// formatter built for it alone would write it.

describe("money, dates and coin changes as the store writes them", () => {
  it("writes whole amounts without cents and others with them, in each currency, whatever came before", () => {
    expect(formatMoney("en", 450)).toBe("$4.50");
    expect(formatMoney("en", 500)).toBe("$5");
    expect(formatMoney("en", 999, "eur")).toBe("€9.99");
    expect(formatMoney("en", 450)).toBe("$4.50");
    expect(formatMoney("en", -250)).toBe("-$2.50");
    expect(formatMoney("zh-CN", 1990000)).toBe("US$19,900");
  });

  it("writes dates in UTC, labelled, in each language", () => {
    expect(formatDateTime("en", "2026-12-07T01:25:00.000Z")).toBe("Dec 7, 2026, 1:25 AM UTC");
    expect(formatDate("en", "2026-12-07T23:59:59.999Z")).toBe("Dec 7, 2026");
    expect(formatDate("zh-CN", "2026-12-07T00:00:00.000Z")).toBe("2026年12月7日");
    expect(formatMoment("en", "2026-12-07T01:25:09.000Z")).toBe("Dec 7, 2026, 1:25:09 AM UTC");
  });

  it("signs coin changes, and leaves zero unsigned", () => {
    expect(formatCoinChange("en", 1500)).toBe("+1,500");
    expect(formatCoinChange("en", -20)).toBe("-20");
    expect(formatCoinChange("en", 0)).toBe("0");
  });
});
