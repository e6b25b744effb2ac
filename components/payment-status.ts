import type { PaymentStatus } from "@/lib/generated/prisma/enums";

export type { PaymentStatus };

export interface PaymentStatusResponse {
  status: PaymentStatus;
}

const finalStatuses: ReadonlySet<PaymentStatus> = new Set(["paid", "no_payment_required", "expired", "failed", "canceled"]);

/** Final statuses never change again, so polling can stop. */
export function isFinalPaymentStatus(status: PaymentStatus): boolean {
  return finalStatuses.has(status);
}
