import { METHODS } from "node:http";

// Next's route handlers take seven methods; for any other one (PROPFIND, SEARCH, QUERY, TRACE, …)
// Next answers an empty 400 before the route runs. The front door (front-door.ts) sends such a
// request on to the route as an OPTIONS, which is never state-changing, naming the method it came
// with in this header, so that the route itself answers 405 with its own Allow (api-route.ts).

/** What Next can hand to a route handler. */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Written only by the front door, which first removes any copy a client sent. */
export const UNCOMMON_METHOD_HEADER = "x-storefront-uncommon-method";

const NODE_METHODS: ReadonlySet<string> = new Set(METHODS);

/** The method a request really came with, when the front door sent it on as an OPTIONS. */
export function uncommonMethodOf(request: Request): string | null {
  const method = request.headers.get(UNCOMMON_METHOD_HEADER);
  return method !== null && NODE_METHODS.has(method) && !ROUTE_METHODS.has(method) ? method : null;
}
