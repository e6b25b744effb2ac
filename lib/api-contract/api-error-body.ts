import { z } from "zod/mini";

// Every /api error: `{error: {code, message, type}}` (lib/http/api-error.ts writes it). A client
// reads code and message when they are there, and still knows a failure when they are not.

export const apiErrorBody = z.object({
  error: z.object({ code: z.optional(z.string()), message: z.optional(z.string()), type: z.optional(z.string()) }),
});
