import { accountSummary } from "@/lib/account";
import { ApiError } from "@/lib/errors";
import { apiRoute } from "@/lib/http";
import { requireUser } from "@/lib/session";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: async (request) => {
    const user = await requireUser(request);
    const summary = await accountSummary(user.id);
    if (!summary) throw new ApiError("unauthenticated", "Sign in to continue.");
    return Response.json(summary);
  },
});
