import type Stripe from "stripe";

// How many coins a points pack's refunds take back, as ledger entries still to write. Only a
// refund that has succeeded takes coins (a pending one may yet fail); one that fails or is
// canceled after it was debited gives its coins back, once. Shares are rounded on the running
// total of what has been refunded, so a charge refunded in any number of parts, delivered in any
// order, takes back exactly all of its coins.

interface RecordedEntry {
  reason: "refund" | "refund_reversal";
  sourceId: string;
  delta: number;
}

interface EntryToWrite {
  reason: "refund" | "refund_reversal";
  /** The refund's id: with the reason, the ledger's unique key. */
  sourceId: string;
  delta: number;
}

const undone = new Set<string | null>(["failed", "canceled"]);

export function refundEntriesToWrite(coins: number, chargeAmount: number, refunds: Stripe.Refund[], recorded: RecordedEntry[]): EntryToWrite[] {
  const debited = new Map(recorded.filter((e) => e.reason === "refund").map((e) => [e.sourceId, -e.delta]));
  const reversed = new Set(recorded.filter((e) => e.reason === "refund_reversal").map((e) => e.sourceId));
  const entries: EntryToWrite[] = [];

  for (const refund of refunds) {
    const taken = debited.get(refund.id);
    if (taken !== undefined && undone.has(refund.status) && !reversed.has(refund.id)) {
      entries.push({ reason: "refund_reversal", sourceId: refund.id, delta: taken });
      reversed.add(refund.id);
    }
  }

  const standing = refunds.filter((r) => debited.has(r.id) && !reversed.has(r.id));
  let refunded = standing.reduce((sum, r) => sum + r.amount, 0);
  let taken = standing.reduce((sum, r) => sum + (debited.get(r.id) ?? 0), 0);
  const newlySucceeded = refunds
    .filter((r) => r.status === "succeeded" && !debited.has(r.id))
    .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  for (const refund of newlySucceeded) {
    refunded += refund.amount;
    const target = Math.round((coins * refunded) / chargeAmount);
    entries.push({ reason: "refund", sourceId: refund.id, delta: -(target - taken) });
    taken = target;
  }
  return entries;
}
