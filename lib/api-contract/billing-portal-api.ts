import { z } from "zod/mini";

// POST /api/billing-portal: no body opens the portal's home, the flow opens its card form.

export const portalRequest = z.optional(z.object({ flow: z.optional(z.literal("payment_method_update")) }));
export type PortalRequest = NonNullable<z.infer<typeof portalRequest>>;

export const portalOpened = z.object({ url: z.string() });
export type PortalOpened = z.infer<typeof portalOpened>;
