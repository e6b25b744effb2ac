import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { spendFeature } from "@/lib/payments/fulfilment/spends";
import { signUpBuyer } from "@/test-support/buyers";

// Money transactions take turns on the buyer's row. One that waits for its turn longer than
// Prisma's default of five seconds (a slow settlement of the same buyer, say) still completes,
// once, instead of failing the buyer's request.

it("a spend that waits six seconds for another holder of the buyer's row still completes, once", async () => {
  const buyer = await signUpBuyer();
  await db.user.update({ where: { id: buyer.id }, data: { coinBalance: 100 } });
  const holder = new Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(`SELECT 1 FROM "user" WHERE id = $1 FOR UPDATE`, [buyer.id]);
    const spend = spendFeature(buyer.id, "slow-turn", "generation");
    await sleep(6_000);
    await holder.query("COMMIT");

    expect(await spend).toEqual({ source: "coins", coinsSpent: 10, coinBalance: 90, replayed: false });
  } finally {
    await holder.end();
  }
  expect((await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).coinBalance).toBe(90);
}, 30_000);
