import { expect, it } from "vitest";
import { accountSummary } from "@/lib/account";
import { db } from "@/lib/db";
import { signUpBuyer } from "@/lib/testing/buyers";

it("shows a new buyer's email and name, no coins and no plan", async () => {
  const buyer = await signUpBuyer("Ada Buyer");
  expect(await accountSummary(buyer.id)).toEqual({ email: buyer.email, name: "Ada Buyer", coinBalance: 0, heldCoins: 0, plan: null });
});

it("shows a subscriber's balance, held coins, plan, renewal date, scheduled downgrade and allowance", async () => {
  const buyer = await signUpBuyer();
  await db.user.update({ where: { id: buyer.id }, data: { coinBalance: 1200, heldCoins: 300 } });
  const periodEnd = new Date("2026-12-24T10:30:00.000Z");
  await db.plan.create({
    data: {
      userId: buyer.id,
      tier: "advanced",
      status: "active",
      sourceId: "sub_test_summary",
      subscriptionStatus: "active",
      currentPeriodEnd: periodEnd,
      cancelAtPeriodEnd: true,
      scheduledTier: "starter",
      allowanceUsed: 7,
      allowanceResetsAt: periodEnd,
    },
  });

  expect(await accountSummary(buyer.id)).toMatchObject({
    coinBalance: 1200,
    heldCoins: 300,
    plan: {
      tier: "advanced",
      status: "active",
      subscriptionStatus: "active",
      currentPeriodEnd: "2026-12-24T10:30:00.000Z",
      cancelAtPeriodEnd: true,
      scheduledTier: "starter",
      allowance: { used: 7, limit: 500, resetsAt: "2026-12-24T10:30:00.000Z" },
    },
  });
});

it("shows a Lifetime plan with no subscription, no renewal date and an unlimited allowance", async () => {
  const buyer = await signUpBuyer();
  await db.plan.create({ data: { userId: buyer.id, tier: "lifetime", status: "active", sourceId: "cs_test_summary" } });
  const summary = await accountSummary(buyer.id);
  expect(summary?.plan).toEqual({
    tier: "lifetime",
    status: "active",
    subscriptionStatus: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    scheduledTier: null,
    allowance: { used: 0, limit: null, resetsAt: null },
  });
});

it("answers null for a user who does not exist", async () => {
  expect(await accountSummary("no-such-user")).toBeNull();
});
