import { ApiError, errorResponse } from "@/lib/http/api-error";

// Any /api path no route claims, /api itself included: a 404 in the API's error shape rather than
// Next's HTML page, whatever the method (the front door sends the uncommon ones here as OPTIONS).
async function notFound(request: Request): Promise<Response> {
  return errorResponse(new ApiError("not_found", `There is no API route at ${new URL(request.url).pathname}.`));
}

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
