import { z } from "zod/mini";

// POST /api/plan/preview and /api/plan/change: a subscriber's move to another monthly plan.

const planKey = z.string().check(z.minLength(1), z.maxLength(64));

export const planPreviewRequest = z.object({ plan: planKey });

/** prorationDate: the one a preview answered, so the charge is the amount the buyer was shown. */
export const planChangeRequest = z.object({ plan: planKey, prorationDate: z.optional(z.int().check(z.positive())) });

export const planChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("upgrade"), amountDue: z.number(), currency: z.string(), prorationDate: z.number() }),
  z.object({ kind: z.literal("downgrade"), effectiveAt: z.nullable(z.string()) }),
  z.object({ kind: z.literal("undo_downgrade") }),
]);
export type PlanChange = z.infer<typeof planChange>;
