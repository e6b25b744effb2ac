import type { ApiRequestError } from "@/components/api-client";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

export type { PaymentStatus };

const finalStatuses: ReadonlySet<PaymentStatus> = new Set(["paid", "no_payment_required", "expired", "failed", "canceled"]);

/** Final statuses never change again, so polling can stop. */
export function isFinalPaymentStatus(status: PaymentStatus): boolean {
  return finalStatuses.has(status);
}

/** Worth asking again: offline, rate limited or a server-side failure. A 4xx answer will not change. */
export function isTransientError(error: ApiRequestError): boolean {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/**
 * Whether the success page must be rendered again by the server: the poll saw the status move on
 * from the one rendered, or failed in a way no retry will mend (signed out, not found), which the
 * server answers with a redirect to sign-in or its own message.
 */
export function needsServerRender(rendered: PaymentStatus, polled: PaymentStatus, error: ApiRequestError | undefined): boolean {
  return polled !== rendered || (error !== undefined && !isTransientError(error));
}
