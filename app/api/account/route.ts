import { accountSummary } from "@/lib/account/account-views";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { requireUser } from "@/lib/auth/session";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: async (request) => {
    const user = await requireUser(request);
    const summary = await accountSummary(user.id);
    if (!summary) throw new ApiError("unauthenticated", "Sign in to continue.");
    return Response.json(summary);
  },
});
