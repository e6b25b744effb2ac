import type { IncomingMessage, ServerResponse } from "node:http";
import { API_VERSION } from "../core/constants";
import { newId } from "../core/ids";
import { AFTER_FINAL_RETRY, parseAfterFinalRetry } from "../core/settings";
import { StripeApiError, invalidRequest } from "../http/errors";
import { parseForm } from "../http/form";
import { readBody, redirect, sendHtml, sendJson } from "../http/respond";
import { Router, type PathParams } from "../http/router";
import type { PaymentIntent } from "../objects/payment-intent";
import { renderDashboard } from "../pages/dashboard-page";
import type { BillingAddress } from "../checkout/address";
import { completeAuthentication, enterAddress, payCheckoutSession, settlePayment, type PayInput, type PayResult } from "../checkout/pay";
import { getDispute, ruleOnDispute } from "../payments/disputes";
import { runDueSteps } from "../payments/due";
import { enterPromotionCode, removePromotionCode } from "../checkout/discount";
import { expireSession } from "../checkout/expire";
import { failRefund, getRefund, settleRefund } from "../payments/refunds";
import type { Runtime } from "../runtime";
import { tick } from "../tick";
import { mergeChaos } from "../webhooks/chaos";
import type { EndpointState } from "../webhooks/endpoints";

type Body = Record<string, unknown>;
type Reply = { status?: number; json?: unknown; html?: string; redirect?: string };
type ControlHandler = (rt: Runtime, body: Body, path: PathParams, query: URLSearchParams, isForm: boolean) => Reply;

function str(body: Body, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function automatic<T>(rt: Runtime, fn: () => T): T {
  runDueSteps(rt.deps);
  return rt.bus.run({ id: newId("req"), idempotency_key: null }, () => {
    tick(rt.deps);
    return fn();
  });
}

/** Stands in for Stripe's own later changes (a refund failing, a dispute ruling), whose events have no request. */
function asStripe<T>(rt: Runtime, fn: () => T): T {
  runDueSteps(rt.deps);
  return rt.bus.run({ id: null, idempotency_key: null }, fn);
}

/** An address as `{address: {country, postal_code, …}}` or flat `{country, postal_code, …}`. */
function addressInput(body: Body): BillingAddress | undefined {
  const nested = body["address"];
  const source: Body = typeof nested === "object" && nested !== null && !Array.isArray(nested) ? (nested as Body) : body;
  const keys = ["line1", "line2", "city", "state", "postal_code", "country"] as const;
  const address = Object.fromEntries(keys.map((key) => [key, str(source, key)]).filter(([, value]) => value !== undefined)) as BillingAddress;
  return Object.keys(address).length > 0 ? address : undefined;
}

function payInput(body: Body): PayInput {
  const email = str(body, "email");
  const name = str(body, "name");
  const address = addressInput(body);
  const extras = { ...(email ? { email } : {}), ...(name ? { name } : {}), ...(address ? { address } : {}) };
  if (str(body, "method") === "async_bank_debit") return { method: "async_bank_debit", ...extras };
  if (str(body, "method") === "none") return { method: "none", email: extras.email ?? "stripe@example.com", ...extras };
  const card = str(body, "card") ?? str(body, "number") ?? "4242424242424242";
  const defaultYear = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0");
  const expiry = str(body, "exp") ?? (str(body, "exp_month") || str(body, "exp_year") ? `${str(body, "exp_month") ?? ""}/${str(body, "exp_year") ?? ""}` : `12/${defaultYear}`);
  return { method: "card", card: { number: card, expiry, cvc: str(body, "cvc") ?? (/^3[47]/.test(card) ? "1234" : "123") }, email: extras.email ?? "stripe@example.com", ...extras };
}

function payReply(result: PayResult): Reply {
  const base = { session: result.session, payment_intent: result.paymentIntent };
  if (result.kind === "complete") return { json: { status: "complete", redirect_url: result.redirectUrl, ...base } };
  if (result.kind === "requires_action") return { json: { status: "requires_action", next_action_url: result.url, ...base } };
  // A refused payment (a card decline, a failed 3-D Secure challenge) is a 402, as a declined card
  // is on the API; a discount that no longer applies when the buyer pays is a 400.
  const refused = result.error.type === "card_error" || result.error.code === "payment_intent_authentication_failure";
  return { status: refused ? 402 : 400, json: { status: "declined", error: result.error, ...base } };
}

function outcomeOf<T extends string>(body: Body, allowed: readonly T[]): T {
  const value = str(body, "outcome");
  const match = allowed.find((a) => a === value);
  if (!match) throw invalidRequest(`outcome must be one of ${allowed.join(", ")}`, { param: "outcome" });
  return match;
}

/** Secrets stay out: API-created ones are only ever shown by the create call, as on Stripe. */
function endpointView(rt: Runtime, { id, url, source, status, enabledEvents }: EndpointState): Record<string, unknown> {
  const since = rt.deliverer.health.since(id);
  return { id, url, source, status, enabledEvents, failingSince: since === null ? null : new Date(since).toISOString() };
}

/** The account settings in Stripe's own snake_case, as a Dashboard export would name them. */
function settingsView(rt: Runtime): Record<string, unknown> {
  return { after_final_retry: rt.settings.afterFinalRetry };
}

/** Test-only controls under /_sandbox; no auth, JSON or form bodies. */
export function controlRouter(): Router<ControlHandler> {
  const router = new Router<ControlHandler>();
  router.add("GET", "/_sandbox", (rt) => ({ html: renderDashboard(rt.store.list<PaymentIntent>("payment_intent").filter((pi) => pi.status === "processing")) }));
  router.add("GET", "/_sandbox/health", () => ({ json: { ok: true, api_version: API_VERSION } }));
  router.add("GET", "/_sandbox/config", (rt) => ({ json: rt.chaos }));
  router.add("POST", "/_sandbox/config", (rt, body) => {
    const next = mergeChaos(rt.chaos, body);
    if (typeof next === "string") throw invalidRequest(next);
    rt.chaos = next;
    return { json: rt.chaos };
  });
  router.add("GET", "/_sandbox/settings", (rt) => ({ json: settingsView(rt) }));
  router.add("POST", "/_sandbox/settings", (rt, body) => {
    for (const key of Object.keys(body)) if (key !== "after_final_retry") throw invalidRequest(`unknown setting: ${key}`, { param: key });
    if (body["after_final_retry"] !== undefined) {
      const choice = parseAfterFinalRetry(body["after_final_retry"]);
      if (!choice) throw invalidRequest(`after_final_retry must be one of ${AFTER_FINAL_RETRY.join(", ")}`, { param: "after_final_retry" });
      rt.settings.afterFinalRetry = choice;
    }
    return { json: settingsView(rt) };
  });
  router.add("POST", "/_sandbox/reset", (rt) => {
    rt.reset();
    return { json: { ok: true } };
  });
  router.add("GET", "/_sandbox/deliveries", (rt, _body, _path, query) => {
    const event = query.get("event");
    const type = query.get("type");
    const data = rt.deliverer.log.filter((a) => (!event || a.eventId === event) && (!type || a.type === type));
    return { json: { object: "list", data } };
  });
  router.add("GET", "/_sandbox/deliveries/outstanding", (rt) => {
    const { pending, deliveries } = rt.deliverer.outstanding();
    return { json: { object: "list", pending, attempts: rt.deliverer.log.length, data: deliveries } };
  });
  router.add("GET", "/_sandbox/requests", (rt, _body, _path, query) => {
    const request = `${query.get("method") ?? "GET"} ${query.get("path") ?? ""}`;
    return { json: { request, count: rt.requestCounts.get(request) ?? 0 } };
  });
  router.add("GET", "/_sandbox/webhook_endpoints", (rt) => {
    return { json: { object: "list", data: rt.endpoints.states().map((state) => endpointView(rt, state)) } };
  });
  router.add("POST", "/_sandbox/webhook_endpoints/:id/enable", (rt, _body, path) => {
    const id = path.get("id");
    if (!rt.endpoints.setDisabled(id, false)) throw invalidRequest(`No such webhook endpoint: '${id}'`, { param: "id", code: "resource_missing", status: 404 });
    rt.deliverer.health.forget(id);
    const state = rt.endpoints.states().find((e) => e.id === id);
    return { json: state ? endpointView(rt, state) : {} };
  });
  router.add("POST", "/_sandbox/checkout/sessions/:id/expire", (rt, _body, path) => ({ json: automatic(rt, () => expireSession(rt.deps, path.get("id"))) }));
  router.add("POST", "/_sandbox/checkout/sessions/:id/pay", (rt, body, path) => payReply(automatic(rt, () => payCheckoutSession(rt.deps, path.get("id"), payInput(body)))));
  router.add("POST", "/_sandbox/checkout/sessions/:id/promotion_code", (rt, body, path) => ({
    json: automatic(rt, () => (body["remove"] === true ? removePromotionCode(rt.deps, path.get("id")) : enterPromotionCode(rt.deps, path.get("id"), str(body, "code") ?? ""))),
  }));
  router.add("POST", "/_sandbox/checkout/sessions/:id/address", (rt, body, path) => ({ json: automatic(rt, () => enterAddress(rt.deps, path.get("id"), addressInput(body) ?? {})) }));
  router.add("POST", "/_sandbox/payment_intents/:id/authenticate", (rt, body, path) =>
    payReply(automatic(rt, () => completeAuthentication(rt.deps, path.get("id"), outcomeOf(body, ["complete", "fail"] as const)))),
  );
  router.add("POST", "/_sandbox/payment_intents/:id/settle", (rt, body, path, _query, isForm) => {
    const result = automatic(rt, () => settlePayment(rt.deps, path.get("id"), outcomeOf(body, ["succeeded", "failed"] as const)));
    return isForm ? { redirect: "/_sandbox" } : { json: { payment_intent: result.paymentIntent, session: result.session } };
  });
  router.add("POST", "/_sandbox/refunds/:id/fail", (rt, body, path) => ({
    json: asStripe(rt, () => failRefund(rt.deps, getRefund(rt.deps, path.get("id")), str(body, "failure_reason"))),
  }));
  router.add("POST", "/_sandbox/refunds/:id/settle", (rt, _body, path) => ({ json: asStripe(rt, () => settleRefund(rt.deps, getRefund(rt.deps, path.get("id")))) }));
  router.add("POST", "/_sandbox/disputes/:id/settle", (rt, body, path) => ({
    json: asStripe(rt, () => ruleOnDispute(rt.deps, getDispute(rt.deps, path.get("id")), str(body, "outcome") === undefined ? "won" : outcomeOf(body, ["won", "lost"] as const))),
  }));
  router.add("POST", "/_sandbox/clock/advance", (rt, body) => {
    const seconds = Number(str(body, "seconds"));
    if (!Number.isFinite(seconds) || seconds < 0) throw invalidRequest("seconds must be a non-negative number", { param: "seconds" });
    rt.clock.advance(seconds);
    automatic(rt, () => undefined);
    return { json: { now: rt.clock.now() } };
  });
  router.add("GET", "/_sandbox/webhook-secret", (rt) => ({ json: { secret: rt.listenSecret } }));
  router.add("POST", "/_sandbox/listeners", (rt, body) => {
    const url = str(body, "url");
    if (!url || !/^https?:\/\//.test(url)) throw invalidRequest("url must be an http(s) URL", { param: "url" });
    // Like `stripe listen --events a,b`: only those event types are forwarded; all when absent.
    const events = body.events ?? ["*"];
    if (!Array.isArray(events) || events.length === 0 || !events.every((type) => typeof type === "string" && type !== "")) {
      throw invalidRequest("events must be a non-empty array of event types", { param: "events" });
    }
    const id = newId("we_listen");
    rt.endpoints.addListener({ id, url, secret: rt.listenSecret, enabledEvents: events as string[] });
    return { json: { id, url, secret: rt.listenSecret } };
  });
  router.add("DELETE", "/_sandbox/listeners/:id", (rt, _body, path) => ({ json: { id: path.get("id"), deleted: rt.endpoints.removeListener(path.get("id")) } }));
  return router;
}

async function readControlBody(req: IncomingMessage): Promise<{ body: Body; isForm: boolean }> {
  const raw = await readBody(req);
  if (raw.trim() === "") return { body: {}, isForm: false };
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalidRequest("Body must be a JSON object");
    return { body: parsed as Body, isForm: false };
  }
  return { body: parseForm(raw), isForm: true };
}

export async function handleControl(rt: Runtime, router: Router<ControlHandler>, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? "GET";
  try {
    const match = router.match(method, url.pathname);
    if (!match || "methodMismatch" in match) throw invalidRequest(`Unknown sandbox control: ${method} ${url.pathname}`, { status: 404 });
    const { body, isForm } = method === "GET" ? { body: {}, isForm: false } : await readControlBody(req);
    const reply = match.handler(rt, body, match.params, url.searchParams, isForm);
    if (reply.redirect) return redirect(res, reply.redirect);
    if (reply.html !== undefined) return sendHtml(res, reply.status ?? 200, reply.html);
    sendJson(res, reply.status ?? 200, reply.json ?? {});
  } catch (err) {
    if (err instanceof SyntaxError) return sendJson(res, 400, { error: { type: "invalid_request_error", message: `Invalid JSON: ${err.message}` } });
    if (!(err instanceof StripeApiError)) throw err;
    sendJson(res, err.status, { error: err.body });
  }
}
