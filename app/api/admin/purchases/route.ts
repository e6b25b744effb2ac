import { requireOperator } from "@/lib/admin/operator";
import { parsePurchaseSearch, searchProblemMessages } from "@/lib/admin/purchases/search-input";
import { searchPurchases } from "@/lib/admin/purchases/search";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";

// The console's purchase search for scripts: the search form's fields as the query string, one
// page of 50 and the cursors of the pages either side.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: async (request) => {
    await requireOperator(request);
    const parsed = parsePurchaseSearch(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("invalid_request", searchProblemMessages[parsed.problem]);
    return Response.json(await searchPurchases(parsed.search));
  },
});
