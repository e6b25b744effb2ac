import { z } from "zod/mini";
import { recordOperatorAction } from "@/lib/admin/audit-log";
import type { Operator } from "@/lib/admin/operator";
import { earlierResult, isRecordedAlready } from "@/lib/admin/audit/submissions";
import { refundMade, type refundRequest, type RefundAnswer } from "@/lib/api-contract/admin-actions-api";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { refundAsOperator } from "@/lib/payments/operator-refund";

// The console's refund: asked of Stripe once per form submission (lib/payments/operator-refund.ts),
// and left to Stripe's webhook to take back coins or end a plan, as for any refund. The audit row
// is written once Stripe has answered, never around the call: if writing it fails, the same
// submission sent again finds the refund at Stripe, makes no other, and records it then.

export const REFUND_PAYMENT = "payment.refund";

const recorded = z.omit(refundMade, { repeated: true });

export async function refundAsConsole(operator: Operator, request: z.infer<typeof refundRequest>, requestId: string): Promise<RefundAnswer> {
  const { checkoutSessionId, amountCents, reason, submissionId } = request;
  const action = { name: REFUND_PAYMENT, targetId: checkoutSessionId };
  const earlier = await earlierResult(submissionId, action, recorded);
  if (earlier) return { ...earlier, repeated: true };

  const purchase = await db.purchase.findUnique({ where: { checkoutSessionId }, select: { amountCents: true, refundedCents: true, currency: true } });
  if (!purchase) throw new ApiError("not_found", `There is no purchase with Checkout Session id ${checkoutSessionId}.`);
  const refund = await refundAsOperator(checkoutSessionId, amountCents, reason, submissionId);
  if (!refund) throw new ApiError("invalid_request", `Purchase ${checkoutSessionId} has no payment to refund: it was never paid.`);

  const result: z.infer<typeof recorded> = {
    refundId: refund.refundId,
    amountCents: refund.amount,
    currency: refund.currency,
    status: refund.status,
    effect: refund.effect,
  };
  try {
    await recordOperatorAction({
      actor: operator,
      action: REFUND_PAYMENT,
      targetType: "purchase",
      targetId: checkoutSessionId,
      reason,
      before: { amountCents: purchase.amountCents, refundedCents: purchase.refundedCents, currency: purchase.currency },
      after: result,
      requestId,
      submissionId,
    });
  } catch (error) {
    // A concurrent copy of this submission got the same refund from Stripe and recorded it first.
    if (!isRecordedAlready(error)) throw error;
    const first = await earlierResult(submissionId, action, recorded);
    if (first) return { ...first, repeated: true };
    throw error;
  }
  return { ...result, repeated: refund.repeated };
}
