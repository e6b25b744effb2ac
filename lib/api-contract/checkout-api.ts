import { z } from "zod/mini";

// POST /api/create-checkout-session: what the Buy button sends and what it is answered.

export const checkoutRequest = z.object({ priceId: z.string() });
export type CheckoutRequest = z.infer<typeof checkoutRequest>;

export const checkoutStarted = z.object({ url: z.string(), sessionId: z.string() });
export type CheckoutStarted = z.infer<typeof checkoutStarted>;
