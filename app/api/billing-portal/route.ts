import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { apiRoute, publicOrigin } from "@/lib/http";
import { openBillingPortal } from "@/lib/payments/billing-portal";
import { enforceRateLimit } from "@/lib/rate-limit";
import { requireUser } from "@/lib/session";

const body = z.object({ flow: z.literal("payment_method_update").optional() }).optional();

/** An empty body is allowed here; unparsable JSON becomes null, which the schema refuses. */
function parsedBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const POST = apiRoute(async (request) => {
  await enforceRateLimit(request);
  const user = await requireUser(request);
  const parsed = body.safeParse(parsedBody(await request.text()));
  if (!parsed.success) throw new ApiError("invalid_request", 'Send no body, or {"flow": "payment_method_update"} to open the card form.');
  return Response.json(await openBillingPortal(user.id, `${publicOrigin(request)}/account`, parsed.data?.flow === "payment_method_update"));
});
