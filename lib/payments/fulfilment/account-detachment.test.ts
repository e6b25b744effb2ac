import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db, sql } from "@/lib/db";
import { adjustCoins } from "@/lib/payments/fulfilment/coin-adjustment";
import { detachAndDeleteAccount } from "@/lib/payments/fulfilment/account-detachment";
import { addBuyer, addDispute, addPurchase } from "@/test-support/store-rows";

// Deleting an account keeps the store's money records whole: everything the person bought,
// was credited, disputed or is owed moves to a nameless stand-in, and nobody else's records move.
// Straight against PostgreSQL; a trigger on the person's row plays a credit that commits on another
// connection while the account is being detached.

interface Customer {
  id: string;
  purchases: string[];
}

async function customerWithMoney(coins: number, customerIds: { test: string | null; live: string | null }): Promise<Customer> {
  const { id } = await addBuyer();
  await sql(`UPDATE "user" SET "stripeTestCustomerId" = $2, "stripeLiveCustomerId" = $3, "heldCoins" = 7 WHERE id = $1`, [id, customerIds.test, customerIds.live]);
  await adjustCoins({ userId: id, delta: coins, submissionId: randomUUID() }, async () => {});
  const purchases = [
    await addPurchase({ userId: id, productKey: "medium_pack", amountCents: 500, status: "paid", createdAt: new Date() }),
    await addPurchase({ userId: id, productKey: "starter", amountCents: 500, status: "unpaid", createdAt: new Date() }),
  ];
  await addDispute({ userId: id, checkoutSessionId: purchases[0] ?? "", status: "needs_response", createdAt: new Date() });
  await db.replacedSubscriptionCredit.create({ data: { subscriptionId: `sub_${randomUUID()}`, userId: id, periodStart: new Date(), amountCents: 300 } });
  return { id, purchases };
}

async function recordsOf(userId: string) {
  const [purchases, ledger, disputes, credits] = await Promise.all([
    db.purchase.count({ where: { userId } }),
    db.coinLedgerEntry.aggregate({ where: { userId }, _count: true, _sum: { delta: true } }),
    db.dispute.count({ where: { userId } }),
    db.replacedSubscriptionCredit.count({ where: { userId } }),
  ]);
  return { purchases, ledgerEntries: ledger._count, ledgerSum: ledger._sum.delta ?? 0, disputes, credits };
}

const everything = (coins: number) => ({ purchases: 2, ledgerEntries: 1, ledgerSum: coins, disputes: 1, credits: 1 });

const standIns = () => db.user.count({ where: { email: { endsWith: "@deleted.invalid" } } });

const stillThere = async (userId: string) => (await db.user.count({ where: { id: userId } })) === 1;

/** Each delete of the person's row runs `body` first (and counts itself), as if it raced something. */
async function onDeleteOf(userId: string, body: string): Promise<() => Promise<number>> {
  await sql(`CREATE SEQUENCE IF NOT EXISTS delete_attempts`, []);
  await sql(`SELECT setval('delete_attempts', 1, false)`, []);
  await sql(`CREATE OR REPLACE FUNCTION delete_race() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM nextval('delete_attempts'); ${body} RETURN OLD; END $$`, []);
  await sql(`CREATE TRIGGER delete_race BEFORE DELETE ON "user" FOR EACH ROW WHEN (OLD.id = '${userId}') EXECUTE FUNCTION delete_race()`, []);
  return async () => {
    const [row] = await sql<{ attempts: string }>(`SELECT last_value - (CASE WHEN is_called THEN 0 ELSE 1 END) AS attempts FROM delete_attempts`, []);
    return Number(row?.attempts);
  };
}

/** A ledger entry for the person, written inside the failing statement: PostgreSQL's own foreign-key error. */
const creditMeanwhile = `INSERT INTO coin_ledger_entry (id, "userId", delta, reason, "sourceId") VALUES (gen_random_uuid()::text, OLD.id, 5, 'adjustment', gen_random_uuid()::text);`;

afterEach(async () => {
  await sql(`DROP TRIGGER IF EXISTS delete_race ON "user"`, []);
});

describe("deleting an account that holds money records", () => {
  it("moves every purchase, ledger entry, dispute, credit, coin and customer id to a nameless stand-in, then deletes the person", async () => {
    const person = await customerWithMoney(120, { test: "cus_test_person", live: "cus_live_person" });

    const standIn = await detachAndDeleteAccount(person.id);

    expect(standIn).toMatch(/^deleted-[0-9a-f-]{36}$/);
    expect(await stillThere(person.id)).toBe(false);
    expect(await db.user.findUniqueOrThrow({ where: { id: standIn ?? "" } })).toMatchObject({
      name: "",
      email: `${standIn}@deleted.invalid`,
      emailVerified: false,
      role: "user",
      banned: true,
      banReason: "deleted account",
      coinBalance: 120,
      heldCoins: 7,
      stripeTestCustomerId: "cus_test_person",
      stripeLiveCustomerId: "cus_live_person",
    });
    expect(await recordsOf(standIn ?? "")).toEqual(everything(120));
    expect((await db.purchase.findMany({ where: { checkoutSessionId: { in: person.purchases } } })).map((p) => p.userId)).toEqual([standIn, standIn]);
  });

  it("leaves every other buyer's records where they are", async () => {
    const person = await customerWithMoney(50, { test: "cus_test_leaving", live: null });
    const other = await customerWithMoney(80, { test: "cus_test_staying", live: null });

    await detachAndDeleteAccount(person.id);

    expect(await stillThere(other.id)).toBe(true);
    expect(await recordsOf(other.id)).toEqual(everything(80));
    expect(await db.user.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ coinBalance: 80, stripeTestCustomerId: "cus_test_staying" });
  });

  it("answers null, and changes nothing, for an account that does not exist", async () => {
    const users = await db.user.count();

    expect(await detachAndDeleteAccount(`user_${randomUUID()}`)).toBeNull();
    expect(await db.user.count()).toBe(users);
  });

  it("tries again when a credit lands while the account is being detached, and moves that too", async () => {
    const person = await customerWithMoney(40, { test: null, live: null });
    const attempts = await onDeleteOf(person.id, `IF currval('delete_attempts') = 1 THEN ${creditMeanwhile} END IF;`);

    const standIn = await detachAndDeleteAccount(person.id);

    expect(await attempts()).toBe(2);
    expect(await stillThere(person.id)).toBe(false);
    expect(await recordsOf(standIn ?? "")).toEqual(everything(40));
  });

  it("gives up after three tries that each lose that race, and leaves the account whole", async () => {
    const person = await customerWithMoney(40, { test: "cus_test_racing", live: null });
    const attempts = await onDeleteOf(person.id, creditMeanwhile);
    const standInsBefore = await standIns();

    await expect(detachAndDeleteAccount(person.id)).rejects.toThrow(/foreign key/);

    expect(await attempts()).toBe(3);
    expect(await stillThere(person.id)).toBe(true);
    expect(await recordsOf(person.id)).toEqual(everything(40));
    expect(await db.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ coinBalance: 40, stripeTestCustomerId: "cus_test_racing" });
    expect(await standIns()).toBe(standInsBefore);
  });

  it("does not try again after a failure that no second try can mend", async () => {
    const person = await customerWithMoney(40, { test: null, live: null });
    const attempts = await onDeleteOf(person.id, `RAISE EXCEPTION 'the disk is full';`);

    await expect(detachAndDeleteAccount(person.id)).rejects.toThrow(/the disk is full/);

    expect(await attempts()).toBe(1);
    expect(await recordsOf(person.id)).toEqual(everything(40));
  });
});
