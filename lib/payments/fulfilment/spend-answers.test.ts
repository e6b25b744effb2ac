import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { spendFeature } from "@/lib/payments/fulfilment/spends";
import { signUpBuyer } from "@/test-support/buyers";

// What a buyer is told when a spend cannot happen, and which plans' allowances a spend may use.
// POST /api/usage passes these answers on as they are.

async function buyerWith(coins: number, plan?: { tier: "starter" | "professional"; status: "active" | "canceled"; allowanceUsed: number }): Promise<string> {
  const buyer = await signUpBuyer();
  await db.user.update({ where: { id: buyer.id }, data: { coinBalance: coins } });
  if (plan) await db.plan.create({ data: { userId: buyer.id, sourceId: `sub_${randomUUID()}`, ...plan } });
  return buyer.id;
}

describe("a spend refused", () => {
  it("asks a user who no longer exists to sign in", async () => {
    await expect(spendFeature(`user_${randomUUID()}`, "k", "generation")).rejects.toMatchObject({ code: "unauthenticated", message: "Sign in to continue." });
  });

  it("names the feature a reused key was first spent on", async () => {
    const userId = await buyerWith(100);
    await spendFeature(userId, "once", "generation");

    await expect(spendFeature(userId, "once", "upscale")).rejects.toMatchObject({
      code: "idempotency_key_reused",
      message: 'This idempotency key was already used for "generation". Use a new key for a new spend.',
    });
  });

  it("names the feature that cannot be spent, cut to 40 characters", async () => {
    const userId = await buyerWith(100);
    await expect(spendFeature(userId, "k1", "upscale")).rejects.toMatchObject({ code: "invalid_request", message: '"upscale" is not a feature that can be spent.' });
    await expect(spendFeature(userId, "k2", "x".repeat(64))).rejects.toMatchObject({ message: `"${"x".repeat(40)}" is not a feature that can be spent.` });
    expect(await db.usageSpend.count({ where: { userId } })).toBe(0);
  });

  it("says what a use costs and what the buyer has", async () => {
    const userId = await buyerWith(5);
    await expect(spendFeature(userId, "k", "generation")).rejects.toMatchObject({
      code: "insufficient_balance",
      message: "A generation costs 10 coins and you have 5. Buy a points pack or a plan to continue.",
    });
  });
});

describe("a plan's allowance", () => {
  it("is spent while some of it is left, then coins", async () => {
    const userId = await buyerWith(100, { tier: "starter", status: "active", allowanceUsed: 98 });

    const sources = [];
    for (const key of ["a", "b", "c"]) sources.push((await spendFeature(userId, key, "generation")).source);

    expect(sources).toEqual(["allowance", "allowance", "coins"]);
    expect(await db.plan.findUniqueOrThrow({ where: { userId } })).toMatchObject({ allowanceUsed: 100 });
  });

  it("is not spent from a plan that has ended: the spend costs coins", async () => {
    const userId = await buyerWith(100, { tier: "professional", status: "canceled", allowanceUsed: 0 });
    expect(await spendFeature(userId, "k", "generation")).toEqual({ source: "coins", coinsSpent: 10, coinBalance: 90, replayed: false });
    expect(await db.plan.findUniqueOrThrow({ where: { userId } })).toMatchObject({ allowanceUsed: 0 });
  });

  it("answers a replayed spend as it was, without spending again", async () => {
    const userId = await buyerWith(100, { tier: "starter", status: "active", allowanceUsed: 0 });
    const first = await spendFeature(userId, "same", "generation");

    expect(await spendFeature(userId, "same", "generation")).toEqual({ ...first, replayed: true });
    expect(await db.plan.findUniqueOrThrow({ where: { userId } })).toMatchObject({ allowanceUsed: 1 });
  });
});
