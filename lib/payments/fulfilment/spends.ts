import { meteredFeature, planByTier } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { TRANSACTION_LIMITS } from "@/lib/payments/fulfilment/transaction";

export interface Spend {
  source: "allowance" | "coins";
  coinsSpent: number;
  coinBalance: number;
  /** True when this key was spent before: the earlier spend's answer, nothing spent again. */
  replayed: boolean;
}

/**
 * Spends one use of a metered feature, exactly once per idempotency key: from the plan's
 * allowance while it lasts, else from the coin balance, never below zero. The user's row is
 * locked for the whole transaction, so concurrent spends of one user take turns; the unique
 * (user, key) on usage_spend is a second guard.
 */
export async function spendFeature(userId: string, idempotencyKey: string, featureKey: string): Promise<Spend> {
  return db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ coinBalance: number }[]>`SELECT "coinBalance" FROM "user" WHERE "id" = ${userId} FOR UPDATE`;
    if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
    const earlier = await tx.usageSpend.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
    if (earlier) {
      if (earlier.feature !== featureKey) {
        throw new ApiError("idempotency_key_reused", `This idempotency key was already used for "${earlier.feature}". Use a new key for a new spend.`);
      }
      return { source: earlier.source, coinsSpent: earlier.coins, coinBalance: user.coinBalance, replayed: true };
    }
    const feature = meteredFeature(featureKey);
    if (!feature) throw new ApiError("invalid_request", `"${featureKey.slice(0, 40)}" is not a feature that can be spent.`);

    const plan = await tx.plan.findUnique({ where: { userId } });
    const limit = plan?.status === "active" ? planByTier(plan.tier).monthlyGenerations : 0;
    if (plan && feature.usesAllowance && (limit === null || plan.allowanceUsed < limit)) {
      await tx.plan.update({ where: { userId }, data: { allowanceUsed: { increment: 1 } } });
      await tx.usageSpend.create({ data: { userId, idempotencyKey, feature: featureKey, source: "allowance" } });
      return { source: "allowance", coinsSpent: 0, coinBalance: user.coinBalance, replayed: false };
    }

    if (user.coinBalance < feature.coinPrice) {
      throw new ApiError(
        "insufficient_balance",
        `A ${feature.name.toLowerCase()} costs ${feature.coinPrice} coins and you have ${user.coinBalance}. Buy a points pack or a plan to continue.`,
      );
    }
    const spend = await tx.usageSpend.create({ data: { userId, idempotencyKey, feature: featureKey, source: "coins", coins: feature.coinPrice } });
    await tx.coinLedgerEntry.create({ data: { userId, delta: -feature.coinPrice, reason: "generation", sourceId: spend.id } });
    await tx.user.update({ where: { id: userId }, data: { coinBalance: { decrement: feature.coinPrice } } });
    return { source: "coins", coinsSpent: feature.coinPrice, coinBalance: user.coinBalance - feature.coinPrice, replayed: false };
  }, TRANSACTION_LIMITS);
}
