import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

// Every API request runs with an id (lib/http/api-route.ts): the one a proxy in front of the app
// gave it in X-Request-Id when that is a plain token, else a new one. It is echoed in the answer,
// printed on every log line written while the request runs (lib/observability/logger.ts) and
// stored with the operator actions it causes, so one id finds a request everywhere.
//
// Kept on globalThis: Next may bundle this module into several route chunks, and every copy must
// read the one store the request runs in.
const globalForRequestIds = globalThis as unknown as { storefrontRequestIds?: AsyncLocalStorage<string> };
const requestIds = (globalForRequestIds.storefrontRequestIds ??= new AsyncLocalStorage<string>());

/** Anything else a client wrote there (spaces, newlines, a kilobyte) could forge or flood log lines. */
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The id of the request running now, if one is. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/** The id a request arrives with: the proxy's, else a new one. */
export function incomingRequestId(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** This request's id: the one it already runs with, else the one it arrived with. */
export function requestIdOf(request: Request): string {
  return requestIds.getStore() ?? incomingRequestId(request);
}

/** Runs `work` as the request with this id: what it logs carries the id. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requestIds.run(requestId, work);
}
