import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { StripeApiError, invalidRequest } from "../http/errors";
import { parseForm } from "../http/form";
import { Params } from "../http/params";
import { readBody, sendRaw } from "../http/respond";
import { runDueSteps } from "../payments/due";
import { tick } from "../tick";
import { authenticate } from "./auth";
import { applyExpansions } from "./expand";
import { fingerprint, lookup, remember } from "./idempotency";
import type { ApiRouter } from "./types";
import { API_VERSION } from "../core/constants";
import { checkApiVersion } from "./version";

function errorJson(err: StripeApiError, requestId: string): string {
  return JSON.stringify({ error: { ...err.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, null, 2);
}

/** Runs one /v1 request: auth, params, idempotency, handler, expansion, Stripe-shaped errors. */
export async function handleApi(deps: Deps, router: ApiRouter, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? "GET";
  const requestId = newId("req");
  const headers = { "Request-Id": requestId, "Stripe-Version": API_VERSION };
  const idempotencyKey = method === "POST" ? (req.headers["idempotency-key"]?.toString() ?? null) : null;
  let print = "";
  let status = 200;
  let body: string;
  try {
    authenticate(req.headers);
    checkApiVersion(req.headers["stripe-version"]?.toString());
    const raw = method === "GET" ? "" : await readBody(req);
    const query = url.search.startsWith("?") ? url.search.slice(1) : "";
    print = fingerprint(method, url.pathname, raw);
    if (idempotencyKey) {
      if (idempotencyKey.length > 255) throw invalidRequest("Idempotency keys can be at most 255 characters long.", { param: "Idempotency-Key" });
      const replay = lookup(deps.store, idempotencyKey, print);
      if (replay) return sendRaw(res, replay.status, "application/json", replay.body, { ...headers, "Idempotent-Replayed": "true", "Original-Request": "replayed" });
    }
    const params = new Params({ ...parseForm(query), ...parseForm(raw) });
    const match = router.match(method, url.pathname);
    if (!match || "methodMismatch" in match) {
      throw invalidRequest(
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        { status: 404 },
      );
    }
    const expand = params.strings("expand") ?? [];
    runDueSteps(deps);
    const result = deps.bus.run({ id: requestId, idempotency_key: idempotencyKey }, () => {
      tick(deps);
      const out = structuredClone(match.handler(deps, { method, params, path: match.params, requestId, idempotencyKey }));
      applyExpansions(deps, out, expand);
      return out;
    });
    body = JSON.stringify(result, null, 2);
  } catch (err) {
    const apiError = err instanceof StripeApiError ? err : new StripeApiError(500, { type: "api_error", message: `Sandbox error: ${err instanceof Error ? err.message : String(err)}` });
    if (!(err instanceof StripeApiError)) console.error(err);
    status = apiError.status;
    body = errorJson(apiError, requestId);
  }
  if (idempotencyKey && print) remember(deps.store, idempotencyKey, print, status, body);
  sendRaw(res, status, "application/json", body, headers);
}
