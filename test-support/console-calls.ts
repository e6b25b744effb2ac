import { randomUUID } from "node:crypto";

// Calls the console's route handlers as the browser does: with the signed-in person's cookie (or
// none), a JSON body, and a fresh form submission id unless the test reuses one.

type Route = (request: Request, context: unknown) => Promise<Response>;
/** A signed-in test person (test-support/buyers.ts), or null for a visitor. */
type Caller = { headers: Headers } | null;

export function adminGet(route: Route, path: string, who: Caller): Promise<Response> {
  return route(new Request(`http://app.test${path}`, { headers: who?.headers }), undefined);
}

export function adminPost(route: Route, path: string, who: Caller, body: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const headers = new Headers(who?.headers);
  headers.set("content-type", "application/json");
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  return route(new Request(`http://app.test${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), undefined);
}

export const newSubmission = (): string => randomUUID();
