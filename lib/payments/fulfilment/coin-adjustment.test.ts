import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { adjustCoins } from "@/lib/payments/fulfilment/coin-adjustment";
import { signUpBuyer } from "@/test-support/buyers";
import { coinsOf } from "@/test-support/route-calls";

// An operator's correction of a balance, straight against PostgreSQL: the ledger and the balance
// move together, once per form submission, and never below zero.

const noRecord = async () => {};

async function buyerWith(coins: number): Promise<string> {
  const { id } = await signUpBuyer();
  if (coins !== 0) await adjustCoins({ userId: id, delta: coins, submissionId: randomUUID() }, noRecord);
  return id;
}

describe("a coin adjustment", () => {
  it("adds and takes coins with one ledger entry each, the balance always the sum of the ledger", async () => {
    const userId = await buyerWith(0);

    expect(await adjustCoins({ userId, delta: 300, submissionId: randomUUID() }, noRecord)).toEqual({ before: 0, after: 300, repeated: false });
    expect(await adjustCoins({ userId, delta: -120, submissionId: randomUUID() }, noRecord)).toEqual({ before: 300, after: 180, repeated: false });

    expect(await coinsOf(userId)).toEqual({ balance: 180, ledgerEntries: 2, ledgerSum: 180 });
    const entries = await db.coinLedgerEntry.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { reason: true, delta: true } });
    expect(entries).toEqual([
      { reason: "adjustment", delta: 300 },
      { reason: "adjustment", delta: -120 },
    ]);
  });

  it("is made once for one form submission, even when its copies arrive together", async () => {
    const userId = await buyerWith(100);
    const submissionId = randomUUID();

    const copies = await Promise.all([1, 2, 3].map(() => adjustCoins({ userId, delta: -40, submissionId }, noRecord)));

    expect(copies.filter((copy) => !copy.repeated)).toHaveLength(1);
    expect(copies.map((copy) => copy.after)).toEqual([60, 60, 60]);
    expect(await coinsOf(userId)).toEqual({ balance: 60, ledgerEntries: 2, ledgerSum: 60 });
  });

  it("refuses a debit larger than the balance and changes nothing", async () => {
    const userId = await buyerWith(50);

    await expect(adjustCoins({ userId, delta: -51, submissionId: randomUUID() }, noRecord)).rejects.toMatchObject({
      code: "insufficient_balance",
      message: "This buyer has 50 coins: taking 51 would leave the balance below zero. Take at most 50.",
    });

    expect(await coinsOf(userId)).toEqual({ balance: 50, ledgerEntries: 1, ledgerSum: 50 });
  });

  it("takes every last coin down to exactly zero", async () => {
    const userId = await buyerWith(50);
    expect((await adjustCoins({ userId, delta: -50, submissionId: randomUUID() }, noRecord)).after).toBe(0);
    expect(await coinsOf(userId)).toEqual({ balance: 0, ledgerEntries: 2, ledgerSum: 0 });
  });

  it("refuses a submission already used for another adjustment", async () => {
    const userId = await buyerWith(50);
    const submissionId = randomUUID();
    await adjustCoins({ userId, delta: 10, submissionId }, noRecord);

    await expect(adjustCoins({ userId, delta: 20, submissionId }, noRecord)).rejects.toMatchObject({
      code: "idempotency_key_reused",
      message: "This form submission already made another adjustment. Reload the page to make a new one.",
    });
    expect((await coinsOf(userId)).balance).toBe(60);
  });

  it("refuses a submission already used for another buyer, even for the same number of coins", async () => {
    const first = await buyerWith(0);
    const second = await buyerWith(0);
    const submissionId = randomUUID();
    await adjustCoins({ userId: first, delta: 10, submissionId }, noRecord);

    await expect(adjustCoins({ userId: second, delta: 10, submissionId }, noRecord)).rejects.toMatchObject({ code: "idempotency_key_reused" });
    expect(await coinsOf(second)).toEqual({ balance: 0, ledgerEntries: 0, ledgerSum: 0 });
  });

  it("fills a balance up to the largest the database stores, and refuses one coin more", async () => {
    const userId = await buyerWith(0);
    const largest = 2_147_483_647;

    expect((await adjustCoins({ userId, delta: largest, submissionId: randomUUID() }, noRecord)).after).toBe(largest);
    await expect(adjustCoins({ userId, delta: 1, submissionId: randomUUID() }, noRecord)).rejects.toMatchObject({
      code: "invalid_request",
      message: `A balance above ${largest} coins cannot be stored.`,
    });
    expect(await coinsOf(userId)).toEqual({ balance: largest, ledgerEntries: 1, ledgerSum: largest });
  });

  it("answers not found for a user that does not exist", async () => {
    await expect(adjustCoins({ userId: "no_such_user", delta: 10, submissionId: randomUUID() }, noRecord)).rejects.toMatchObject({ code: "not_found" });
  });

  it("rolls back whole when what is recorded with it fails", async () => {
    const userId = await buyerWith(50);

    await expect(
      adjustCoins({ userId, delta: 25, submissionId: randomUUID() }, async () => {
        throw new Error("the audit row could not be written");
      }),
    ).rejects.toThrow("the audit row could not be written");

    expect(await coinsOf(userId)).toEqual({ balance: 50, ledgerEntries: 1, ledgerSum: 50 });
  });
});
