import type { Account } from "./accounts";
import type { BuyerTruth } from "./truth";

// Compares what each buyer has with what Stripe says they paid for, pack by pack, and names
// every difference the way the buyer would notice it.

export interface Verdict {
  /** Packs (or plans) that gave more than was paid for. */
  doubleCredits: number;
  /** Packs (or plans) that gave less than was paid for. */
  missedCredits: number;
  problems: string[];
}

export function judge(truths: Map<string, BuyerTruth>, accounts: Map<string, Account>): Verdict {
  const verdict: Verdict = { doubleCredits: 0, missedCredits: 0, problems: [] };
  for (const truth of truths.values()) {
    const account = accounts.get(truth.buyerId);
    const who = truth.email;
    if (!account) {
      verdict.problems.push(`${who} has no account`);
      verdict.missedCredits += 1;
      continue;
    }
    const ledgerSum = account.ledger.reduce((sum, e) => sum + e.delta, 0);
    if (ledgerSum !== account.coinBalance) verdict.problems.push(`${who} shows ${account.coinBalance} coins but their ledger adds up to ${ledgerSum}`);

    const explained = new Set<string>();
    for (const pack of truth.packs) {
      const sources = new Set([pack.sessionId, ...pack.refundIds]);
      sources.forEach((s) => explained.add(s));
      const got = account.ledger.filter((e) => sources.has(e.sourceId)).reduce((sum, e) => sum + e.delta, 0);
      if (got > pack.coins) verdict.doubleCredits += 1;
      if (got < pack.coins) verdict.missedCredits += 1;
      if (got !== pack.coins) verdict.problems.push(`${who} got ${got} coins from ${pack.sessionId}, Stripe says ${pack.coins}`);
    }
    const unexplained = account.ledger.filter((e) => !explained.has(e.sourceId));
    if (unexplained.length > 0) {
      verdict.doubleCredits += unexplained.length;
      verdict.problems.push(`${who} has ledger entries no payment explains: ${JSON.stringify(unexplained)}`);
    }
    if (account.coinBalance !== truth.coins) verdict.problems.push(`${who} has ${account.coinBalance} coins, paid for ${truth.coins}`);

    for (const [sessionId, status] of truth.statuses) {
      const shown = account.purchaseStatuses.get(sessionId);
      if (shown !== status) verdict.problems.push(`${who}'s checkout ${sessionId} shows ${shown ?? "nothing"}, Stripe says ${status}`);
    }

    if (account.activePlan !== truth.plan) {
      if (truth.plan === null) verdict.doubleCredits += 1;
      else verdict.missedCredits += 1;
      verdict.problems.push(`${who} has plan ${account.activePlan ?? "none"}, paid for ${truth.plan ?? "none"}`);
    }
  }
  return verdict;
}
