import { z } from "zod/mini";
import { recordOperatorAction } from "@/lib/admin/audit-log";
import type { Operator } from "@/lib/admin/operator";
import { earlierResult, isRecordedAlready } from "@/lib/admin/audit/submissions";
import { coinAdjustment, type coinAdjustmentRequest, type CoinAdjustmentAnswer } from "@/lib/api-contract/admin-actions-api";
import { adjustCoins } from "@/lib/payments/fulfilment/coin-adjustment";

// The console's coin adjustment: the coins move in fulfilment (lib/payments/fulfilment/coin-adjustment.ts),
// and the audit row is written in that same transaction, so there is never one without the other.

export const ADJUST_COINS = "coins.adjust";

const recorded = z.omit(coinAdjustment, { repeated: true });

export async function adjustCoinsAsOperator(
  operator: Operator,
  request: z.infer<typeof coinAdjustmentRequest>,
  requestId: string,
): Promise<CoinAdjustmentAnswer> {
  const { userId, delta, reason, submissionId } = request;
  const action = { name: ADJUST_COINS, targetId: userId, fits: (earlier: { delta: number }) => earlier.delta === delta };
  const earlier = await earlierResult(submissionId, action, recorded);
  if (earlier) return { ...earlier, repeated: true };
  const adjusted = await adjustCoins({ userId, delta, submissionId }, (tx, { before, after }) =>
    recordOperatorAction(
      {
        actor: operator,
        action: ADJUST_COINS,
        targetType: "user",
        targetId: userId,
        reason,
        before: { coinBalance: before },
        after: { coinBalance: after, delta } satisfies z.infer<typeof recorded>,
        requestId,
        submissionId,
      },
      tx,
    ),
  ).catch(async (error: unknown) => {
    // Another action recorded this submission id meanwhile (the same adjustment is stopped earlier,
    // by the ledger's key): the adjustment rolled back, and the earlier action's answer says why.
    if (!isRecordedAlready(error)) throw error;
    const settled = await earlierResult(submissionId, action, recorded);
    if (!settled) throw error;
    return { after: settled.coinBalance, repeated: true };
  });
  return { coinBalance: adjusted.after, delta, repeated: adjusted.repeated };
}
