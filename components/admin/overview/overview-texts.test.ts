import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney } from "@/components/format";
import { dateText, dateTimeText, moneyText } from "@/components/admin/overview/overview-texts";

// The overview keeps its Intl formatters instead of building one per figure; what it writes must
// still read exactly as money and dates read everywhere else in the store.

describe("the overview's kept formatters", () => {
  for (const locale of ["en", "zh-CN"] as const) {
    it(`write money and dates in ${locale} as components/format.ts does`, () => {
      for (const [cents, currency] of [[0, "usd"], [500, "usd"], [450, "usd"], [1990000, "usd"], [999, "eur"], [-250, "usd"]] as const) {
        expect(moneyText(locale, cents, currency)).toBe(formatMoney(locale, cents, currency));
        // Twice: the second answer comes from the kept formatter.
        expect(moneyText(locale, cents, currency)).toBe(formatMoney(locale, cents, currency));
      }
      for (const iso of ["2026-12-07T01:25:00.000Z", "2026-01-31T23:59:59.999Z"]) {
        expect(dateTimeText(locale, iso)).toBe(formatDateTime(locale, iso));
        expect(dateText(locale, iso)).toBe(formatDate(locale, iso));
      }
    });
  }
});
