import { sql } from "@/lib/db";
import { ApiError } from "@/lib/errors";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { settleCheckoutFromStripe } from "@/lib/payments/settle";
import { deliversGoods, isSettled, paymentStatusOf } from "@/lib/payments/status";
import { readCheckout } from "@/lib/stripe-gateway/checkout";

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
  const stored = await storedPaymentStatus(sessionToken, checkoutSessionId);
  if (isSettled(stored.status) || !(await mayAskStripe())) return stored;
  return { userId: stored.userId, status: await settledStatus(settleCheckoutFromStripe(checkoutSessionId), stored.status) };
}

export interface PaymentStatusForPage extends OwnPaymentStatus {
  /** Fulfilled once the goods a paid status promises are recorded; the balance shown waits for it. */
  recorded: Promise<void>;
}

/**
 * The success page's answer. It differs from paymentStatusForSessionToken in one way: when Stripe
 * says the payment is paid, which nothing later can undo, the buyer is told at once, while the
 * transaction that delivers the goods is still running.
 */
export async function paymentStatusForPage(
  sessionToken: string | null,
  checkoutSessionId: string,
  mayAskStripe: () => Promise<boolean>,
): Promise<PaymentStatusForPage> {
  const stored = await storedPaymentStatus(sessionToken, checkoutSessionId);
  const recorded = Promise.resolve();
  if (isSettled(stored.status) || !(await mayAskStripe())) return { ...stored, recorded };
  const snapshot = await readCheckout(checkoutSessionId).catch(unlessStripeUnavailable);
  if (snapshot === "unavailable") return { ...stored, recorded };
  const settling = settleCheckoutFromStripe(checkoutSessionId, undefined, snapshot);
  const told = snapshot && paymentStatusOf(snapshot.session, snapshot.paymentIntent);
  if (told && deliversGoods(told)) return { userId: stored.userId, status: told, recorded: settling.then(() => undefined) };
  return { userId: stored.userId, status: await settledStatus(settling, stored.status), recorded };
}

/** The status as this database last recorded it, from the one indexed read. */
async function storedPaymentStatus(sessionToken: string | null, checkoutSessionId: string): Promise<OwnPaymentStatus> {
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
  return { userId: row.userId, status: row.status };
}

// The poller asks again in two seconds; the last known status is the honest answer meanwhile.
function unlessStripeUnavailable(error: unknown): "unavailable" {
  if (error instanceof ApiError && error.code === "stripe_unavailable") return "unavailable";
  throw error;
}

async function settledStatus(settling: ReturnType<typeof settleCheckoutFromStripe>, stored: PaymentStatus): Promise<PaymentStatus> {
  const outcome = await settling.catch(unlessStripeUnavailable);
  return outcome !== "unavailable" && outcome.kind === "settled" ? outcome.status : stored;
}
