import { sql } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { isSettled } from "@/lib/payments/status/derive-status";

// The status of one of the user's checkouts, for the status route and the success page. Until it
// is settled, each query re-reads the session from Stripe and settles it, so a buyer whose webhook
// was lost still gets their goods. Someone else's session is answered exactly like a missing one,
// so ids cannot be probed.

const notYours = () => new ApiError("not_found", "No checkout session with that id belongs to you.");

interface OwnPaymentStatus {
  userId: string;
  status: PaymentStatus;
}

/**
 * The status for the holder of a session token: the session and the purchase are checked in one
 * indexed read, which is all a settled payment costs (the poller's every answer after the first).
 * `mayAskStripe` is asked before an unsettled payment is read from Stripe; when it says no, the
 * stored status is the answer.
 */
export async function paymentStatusForSessionToken(
  sessionToken: string | null,
  checkoutSessionId: string,
  mayAskStripe: () => Promise<boolean> = async () => true,
): Promise<OwnPaymentStatus> {
  const [row] = sessionToken
    ? await sql<{ userId: string; status: PaymentStatus | null }>(
        `SELECT s."userId", p.status FROM session s
         LEFT JOIN purchase p ON p."checkoutSessionId" = $2 AND p."userId" = s."userId"
         WHERE s.token = $1 AND s."expiresAt" > timezone('UTC', now())`,
        [sessionToken, checkoutSessionId],
      )
    : [];
  if (!row) throw new ApiError("unauthenticated", "Sign in to continue.");
  if (!row.status) throw notYours();
  if (isSettled(row.status) || !(await mayAskStripe())) return { userId: row.userId, status: row.status };
  return { userId: row.userId, status: await settledStatus(checkoutSessionId, row.status) };
}

async function settledStatus(checkoutSessionId: string, stored: PaymentStatus): Promise<PaymentStatus> {
  try {
    const outcome = await settleCheckoutFromStripe(checkoutSessionId);
    return outcome.kind === "settled" ? outcome.status : stored;
  } catch (error) {
    // The poller asks again in two seconds; the last known status is the honest answer meanwhile.
    if (error instanceof ApiError && error.code === "stripe_unavailable") return stored;
    throw error;
  }
}
