import { sql } from "@/lib/db";
import { env } from "@/lib/config/env";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { readReceiptUrl } from "@/lib/stripe-gateway/checkout-sessions";
import { logger } from "@/lib/observability/logger";

// A buyer's receipt is Stripe's page, not ours: we only find it and send the buyer there. The
// purchase must be the buyer's own before Stripe is asked anything, and the buyer is sent only to
// a page Stripe hosts, never to whatever a URL field happens to hold.

type ReceiptLookup =
  | { kind: "found"; url: string }
  /** No purchase with that session id, or someone else's: the two read alike. */
  | { kind: "not_found" }
  /** The buyer's purchase, but no money was taken, or Stripe has no page for it (yet). */
  | { kind: "no_receipt" };

/**
 * Only a paid checkout took money (no_payment_required took none). A payment refunded or disputed
 * later keeps its receipt, which then shows the refund.
 */
export function paymentHasReceipt(status: PaymentStatus): boolean {
  return status === "paid";
}

/** Stripe's own pages, or the sandbox standing in for Stripe at STRIPE_API_BASE. */
function isStripeHosted(url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const sandbox = env().STRIPE_API_BASE;
  if (sandbox && target.origin === new URL(sandbox).origin) return true;
  return target.protocol === "https:" && (target.hostname === "stripe.com" || target.hostname.endsWith(".stripe.com"));
}

export async function receiptUrlFor(userId: string, checkoutSessionId: string): Promise<ReceiptLookup> {
  const [purchase] = await sql<{ status: PaymentStatus }>(
    `SELECT status FROM purchase WHERE "checkoutSessionId" = $1 AND "userId" = $2`,
    [checkoutSessionId, userId],
  );
  if (!purchase) return { kind: "not_found" };
  if (!paymentHasReceipt(purchase.status)) return { kind: "no_receipt" };
  const url = await readReceiptUrl(checkoutSessionId);
  if (!url) return { kind: "no_receipt" };
  if (!isStripeHosted(url)) {
    logger().error({ sessionId: checkoutSessionId }, "receipts: Stripe named a receipt page outside Stripe; not sending the buyer there");
    return { kind: "no_receipt" };
  }
  return { kind: "found", url };
}
