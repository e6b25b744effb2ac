import { describe, expect, it } from "vitest";
import { checkoutVerdict, lifecycleOf, subscriptionVerdict } from "@/lib/payments/freshness";

// States Stripe never leaves (an expired checkout, a canceled subscription) settle an overlap of
// two reads at once: no second read of Stripe is asked for, and the older read never wins.
// Other moves between lifecycle stages need no clocks either.

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms));

describe("a checkout's stored state", () => {
  it("records an expired session as expired, not as still open", () => {
    expect(lifecycleOf("expired")).toBe("expired");
    expect(lifecycleOf("complete")).toBe("complete");
    expect(lifecycleOf("open")).toBe("open");
  });

  it("once expired, drops an older read of the expired session instead of reading Stripe again", () => {
    const verdict = checkoutVerdict(
      { status: "expired", sessionStatus: "expired", stripeReadAt: at(500) },
      { status: "expired", sessionStatus: "expired", readStartedAt: at(100) },
    );
    expect(verdict).toBe("stale");
  });

  it("takes a completed session's read over an open one whatever the clocks say, as a bank debit starts", () => {
    const verdict = checkoutVerdict(
      { status: "unpaid", sessionStatus: "open", stripeReadAt: at(500) },
      { status: "processing", sessionStatus: "complete", readStartedAt: at(100) },
    );
    expect(verdict).toBe("apply");
  });
});

describe("a subscription's stored state", () => {
  it("once ended, drops an older read of the live subscription instead of reading Stripe again", () => {
    expect(subscriptionVerdict({ stripeReadAt: at(500), ended: true }, { readStartedAt: at(100), ended: false })).toBe("stale");
  });

  it("takes a read that says it ended at once, even when that read began before the stored one", () => {
    expect(subscriptionVerdict({ stripeReadAt: at(500), ended: false }, { readStartedAt: at(100), ended: true })).toBe("apply");
  });
});
