import { z } from "zod/mini";
import { PaymentStatus } from "@/lib/generated/prisma/enums";

// GET /api/check-payment-status/:sessionId: one of the API contract's seven statuses.

/** A Checkout Session id as Stripe writes them, the form a buyer's :sessionId must have before it is looked up. */
export const checkoutSessionIdFormat = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

export const paymentStatusAnswer = z.object({ status: z.enum(PaymentStatus) });
export type PaymentStatusAnswer = z.infer<typeof paymentStatusAnswer>;
