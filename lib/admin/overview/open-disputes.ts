import { sql } from "@/lib/db";

// Disputes still open at Stripe: chargebacks awaiting evidence or a decision, and inquiries (the
// warning_ statuses) that may still become chargebacks. Won, lost and warning_closed are final.
// A dispute's row holds no amount, so the list shows the disputed purchase's.

const OPEN_DISPUTE_STATUSES = ["warning_needs_response", "warning_under_review", "needs_response", "under_review"];

export interface OpenDispute {
  id: string;
  status: string;
  openedAt: string;
  checkoutSessionId: string;
  productKey: string | null;
  amountCents: number | null;
  currency: string | null;
  buyerEmail: string | null;
}

export interface OpenDisputes {
  count: number;
  /** The newest few, newest first. */
  newest: OpenDispute[];
}

interface Row {
  id: string;
  status: string;
  createdAt: Date;
  checkoutSessionId: string;
  productKey: string | null;
  amountCents: number | null;
  currency: string | null;
  email: string | null;
  total: number;
}

/** How many are open and the newest `limit` of them: one statement. */
export async function openDisputes(limit = 5): Promise<OpenDisputes> {
  const rows = await sql<Row>(
    `WITH open AS (SELECT d.* FROM dispute d WHERE d.status = ANY($1::text[]))
     SELECT o.id, o.status, o."createdAt", o."checkoutSessionId", p."productKey", p."amountCents", p.currency, u.email,
            (SELECT count(*)::int FROM open) AS total
     FROM (SELECT * FROM open ORDER BY "createdAt" DESC, id DESC LIMIT $2) o
     LEFT JOIN purchase p ON p."checkoutSessionId" = o."checkoutSessionId"
     LEFT JOIN "user" u ON u.id = o."userId"
     ORDER BY o."createdAt" DESC, o.id DESC`,
    [OPEN_DISPUTE_STATUSES, limit],
  );
  return {
    count: rows[0]?.total ?? 0,
    newest: rows.map((row) => ({
      id: row.id,
      status: row.status,
      openedAt: row.createdAt.toISOString(),
      checkoutSessionId: row.checkoutSessionId,
      productKey: row.productKey,
      amountCents: row.amountCents,
      currency: row.currency,
      buyerEmail: row.email,
    })),
  };
}
