import type { Deps } from "../core/deps";
import { resourceMissing } from "../http/errors";
import { freshMetadata } from "../http/params";
import type { CheckoutSession } from "../objects/checkout-session";
import { expireSession } from "../checkout/expire";
import { createSession } from "./checkout-create";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

function getSession(deps: Deps, id: string, param = "session"): CheckoutSession {
  const session = deps.store.get<CheckoutSession>("checkout.session", id);
  if (!session) throw resourceMissing("checkout.session", id, param);
  return session;
}

export function registerCheckoutSessions(router: ApiRouter): void {
  router.add("POST", "/v1/checkout/sessions", (deps, req) => createSession(deps, req.params));

  router.add("GET", "/v1/checkout/sessions/:id", (deps, req) => getSession(deps, req.path.get("id")));

  router.add("POST", "/v1/checkout/sessions/:id", (deps, req) => {
    const session = getSession(deps, req.path.get("id"));
    const p = req.params.allowOnly(["metadata", "collected_information", "shipping_options", "line_items"]);
    if (p.raw["metadata"] !== undefined) session.metadata = freshMetadata(p.metadata());
    deps.store.touch();
    return session;
  });

  router.add("GET", "/v1/checkout/sessions", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "payment_intent", "customer", "customer_details", "status", "subscription", "payment_link", "created"]);
    const pi = p.string("payment_intent");
    const customer = p.string("customer");
    const status = p.oneOf("status", ["open", "complete", "expired"] as const);
    const subscription = p.string("subscription");
    const email = p.object("customer_details")?.string("email");
    const items = deps.store
      .list<CheckoutSession>("checkout.session")
      .filter((s) => !pi || s.payment_intent === pi)
      .filter((s) => !customer || s.customer === customer)
      .filter((s) => !status || s.status === status)
      .filter((s) => !subscription || s.subscription === subscription)
      .filter((s) => !email || s.customer_details?.email === email);
    return paginate(items, p, "/v1/checkout/sessions");
  });

  router.add("GET", "/v1/checkout/sessions/:id/line_items", (deps, req) => {
    const session = getSession(deps, req.path.get("id"));
    const p = req.params.allowOnly([...LIST_PARAMS]);
    return paginate(deps.store.internal.sessions[session.id]?.lineItems ?? [], p, `/v1/checkout/sessions/${session.id}/line_items`);
  });

  router.add("POST", "/v1/checkout/sessions/:id/expire", (deps, req) => {
    req.params.allowOnly([]);
    return expireSession(deps, req.path.get("id"));
  });
}
