import { z } from "zod/mini";

// POST /api/create-checkout-session: what the Buy button sends and what it is answered.

/** `ui`: pay on Stripe's page (hosted) or in a form inside the store's (embedded); the store's choice when left out. */
export const checkoutRequest = z.object({ priceId: z.string(), ui: z.optional(z.enum(["hosted", "embedded"])) });
export type CheckoutRequest = z.infer<typeof checkoutRequest>;

/** Hosted: the page to send the browser to. Embedded: what Stripe.js mounts the form with. */
export const checkoutStarted = z.union([z.object({ url: z.string(), sessionId: z.string() }), z.object({ clientSecret: z.string(), sessionId: z.string() })]);
export type CheckoutStarted = z.infer<typeof checkoutStarted>;
