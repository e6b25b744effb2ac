import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { TRANSACTION_LIMITS } from "@/lib/payments/fulfilment/transaction";

// A deleted account's money records stay for the store's accounting, detached from the person:
// in one transaction a nameless stand-in account ("deleted-…@deleted.invalid", no password, no
// session, banned) takes over the purchases, the coin ledger and the balance it sums to, the
// disputes and refund credits, and the Stripe customer ids, so a late refund, dispute or
// reconcile run still finds its purchase; then the person's own row goes, and with it their
// sessions, password, plan and usage. Nothing here calls Stripe: billing is stopped first
// (lib/auth/account-deletion.ts).

// A domain that can never receive mail (RFC 2606).
const DELETED_DOMAIN = "deleted.invalid";

// A credit that commits on another connection between our reads and the delete makes the delete
// fail on its foreign key (nothing of ours is committed then); the next attempt moves it too.
// Prisma reports the failed raw statement (P2010) with PostgreSQL's own code in its message.
const FOREIGN_KEY_VIOLATION = "Code: `23503`";
const ATTEMPTS = 3;

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Error && error.message.includes(FOREIGN_KEY_VIOLATION);
}

async function detachOnce(userId: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    // The person's row, locked: spends, adjustments and credits of this account wait for us.
    const [person] = await tx.$queryRaw<{ coinBalance: number; heldCoins: number; stripeTestCustomerId: string | null; stripeLiveCustomerId: string | null }[]>`
      SELECT "coinBalance", "heldCoins", "stripeTestCustomerId", "stripeLiveCustomerId" FROM "user" WHERE id = ${userId} FOR UPDATE`;
    if (!person) return null;
    const standIn = `deleted-${randomUUID()}`;
    await tx.$executeRaw`UPDATE "user" SET "stripeTestCustomerId" = NULL, "stripeLiveCustomerId" = NULL WHERE id = ${userId}`;
    await tx.user.create({
      data: {
        id: standIn,
        name: "",
        email: `${standIn}@${DELETED_DOMAIN}`,
        emailVerified: false,
        role: "user",
        banned: true,
        banReason: "deleted account",
        coinBalance: person.coinBalance,
        heldCoins: person.heldCoins,
        stripeTestCustomerId: person.stripeTestCustomerId,
        stripeLiveCustomerId: person.stripeLiveCustomerId,
      },
    });
    await tx.purchase.updateMany({ where: { userId }, data: { userId: standIn } });
    await tx.coinLedgerEntry.updateMany({ where: { userId }, data: { userId: standIn } });
    await tx.dispute.updateMany({ where: { userId }, data: { userId: standIn } });
    await tx.replacedSubscriptionCredit.updateMany({ where: { userId }, data: { userId: standIn } });
    await tx.$executeRaw`DELETE FROM "user" WHERE id = ${userId}`;
    return standIn;
  }, TRANSACTION_LIMITS);
}

/**
 * Moves the account's money records to a nameless stand-in and deletes the person's row, in one
 * transaction. Answers the stand-in's id, or null when there was no such account.
 */
export async function detachAndDeleteAccount(userId: string): Promise<string | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await detachOnce(userId);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isForeignKeyViolation(error)) throw error;
    }
  }
}
