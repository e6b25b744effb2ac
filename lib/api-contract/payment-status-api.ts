import { z } from "zod/mini";
import { PaymentStatus } from "@/lib/generated/prisma/enums";

// GET /api/check-payment-status/:sessionId: one of the API contract's seven statuses.

export const paymentStatusAnswer = z.object({ status: z.enum(PaymentStatus) });
export type PaymentStatusAnswer = z.infer<typeof paymentStatusAnswer>;
