import { sql } from "@/lib/db";
import type { PlanStatus, PlanTier } from "@/lib/generated/prisma/enums";

// Finding a buyer from what an operator has in hand: the email a buyer wrote from, their user id,
// their Stripe customer, or the id of one of their payments (cs_, pi_, sub_, as the Stripe
// Dashboard shows them). Every kind is an exact match on a unique or indexed column, so a search
// stays one index probe however many buyers the store has. A name or email prefix is not offered:
// outside the C collation the email index cannot serve LIKE 'x%', so it would read every buyer
// (an index with text_pattern_ops would make it safe).

export type BuyerQueryKind = "email" | "customer" | "checkout_session" | "payment_intent" | "subscription" | "user_id";

export interface BuyerHit {
  id: string;
  email: string;
  name: string;
  coinBalance: number;
  planTier: PlanTier | null;
  planStatus: PlanStatus | null;
  joinedAt: string;
}

interface HitRow {
  id: string;
  email: string;
  name: string;
  coinBalance: number;
  tier: PlanTier | null;
  status: PlanStatus | null;
  createdAt: Date;
}

/** What an operator typed, read as the one kind of id it can be. */
export function buyerQueryKind(query: string): BuyerQueryKind {
  if (query.includes("@")) return "email";
  if (query.startsWith("cus_")) return "customer";
  if (/^cs_(test|live)_/.test(query)) return "checkout_session";
  if (query.startsWith("pi_")) return "payment_intent";
  if (query.startsWith("sub_")) return "subscription";
  return "user_id";
}

const SELECT_HIT = `SELECT u.id, u.email, u.name, u."coinBalance", u."createdAt", p.tier, p.status FROM "user" u LEFT JOIN plan p ON p."userId" = u.id`;

// Each kind's WHERE, on columns with a unique index or an index of their own (purchase's
// paymentIntentId and subscriptionId, plan's sourceId).
const whereOf: Record<BuyerQueryKind, string> = {
  // better-auth stores emails lower-cased: the same email in any case finds its buyer.
  email: `u.email = lower($1)`,
  customer: `(u."stripeTestCustomerId" = $1 OR u."stripeLiveCustomerId" = $1)`,
  checkout_session: `u.id = (SELECT "userId" FROM purchase WHERE "checkoutSessionId" = $1)`,
  payment_intent: `u.id IN (SELECT "userId" FROM purchase WHERE "paymentIntentId" = $1)`,
  // One IN over a UNION: an OR of two IN lists is planned as a filter over every buyer.
  subscription: `u.id IN (SELECT "userId" FROM purchase WHERE "subscriptionId" = $1 UNION SELECT "userId" FROM plan WHERE "sourceId" = $1)`,
  user_id: `u.id = $1`,
};

/** Longer than any id or email: anything past it cannot match, and is not sent to the database. */
export const MAX_BUYER_QUERY = 320;

/** The buyers `query` names (at most a few: an id names one), newest first. */
export async function searchBuyers(query: string): Promise<{ kind: BuyerQueryKind; hits: BuyerHit[] }> {
  const wanted = query.trim();
  const kind = buyerQueryKind(wanted);
  if (wanted === "" || wanted.length > MAX_BUYER_QUERY) return { kind, hits: [] };
  const rows = await sql<HitRow>(`${SELECT_HIT} WHERE ${whereOf[kind]} ORDER BY u."createdAt" DESC LIMIT 20`, [wanted]);
  return {
    kind,
    hits: rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      coinBalance: row.coinBalance,
      planTier: row.tier,
      planStatus: row.status,
      joinedAt: row.createdAt.toISOString(),
    })),
  };
}
