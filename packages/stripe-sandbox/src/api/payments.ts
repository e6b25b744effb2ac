import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, freshMetadata } from "../http/params";
import type { Charge } from "../objects/charge";
import { buildPaymentIntent, type PaymentIntent } from "../objects/payment-intent";
import { checkChargeAmount, checkCurrency } from "../money/currencies";
import { confirmIntent } from "../payments/intent-confirm";
import type { PaymentMethod } from "../objects/payment-method";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

function getIntent(deps: Deps, id: string, param = "intent"): PaymentIntent {
  const pi = deps.store.get<PaymentIntent>("payment_intent", id);
  if (!pi) throw resourceMissing("payment_intent", id, param);
  return pi;
}

function getCharge(deps: Deps, id: string, param = "charge"): Charge {
  const charge = deps.store.get<Charge>("charge", id);
  if (!charge) throw resourceMissing("charge", id, param);
  return charge;
}

export function registerPayments(router: ApiRouter): void {
  router.add("POST", "/v1/payment_intents", (deps, req) => {
    const p = req.params.allowOnly([
      "amount", "currency", "customer", "description", "metadata", "payment_method", "confirm", "return_url", "receipt_email",
      "payment_method_types", "automatic_payment_methods", "off_session", "setup_future_usage", "statement_descriptor", "capture_method",
    ]);
    const currency = checkCurrency(p.requiredString("currency"));
    const amount = p.requiredInt("amount");
    checkChargeAmount(amount, currency, "Amount");
    const pi = deps.store.insert(
      buildPaymentIntent({
        id: newId("pi"),
        now: deps.clock.now(),
        amount,
        currency,
        customer: p.string("customer") ?? null,
        description: p.string("description") ?? null,
        metadata: freshMetadata(p.metadata()),
        receiptEmail: p.string("receipt_email") ?? null,
      }),
    );
    deps.bus.emit("payment_intent.created", pi);
    const token = p.string("payment_method");
    if (p.bool("confirm")) {
      if (!token) throw invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method.", { code: "payment_intent_unexpected_state" });
      return confirmIntent(deps, pi, token, p.string("return_url") ?? null);
    }
    return pi;
  });

  router.add("POST", "/v1/payment_intents/:id/confirm", (deps, req) => {
    const pi = getIntent(deps, req.path.get("id"));
    const p = req.params.allowOnly(["payment_method", "return_url", "receipt_email", "off_session", "setup_future_usage"]);
    const token = p.string("payment_method") ?? pi.payment_method;
    if (!token) throw invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method.", { code: "payment_intent_unexpected_state" });
    return confirmIntent(deps, pi, token, p.string("return_url") ?? null);
  });

  router.add("POST", "/v1/payment_intents/:id/cancel", (deps, req) => {
    const pi = getIntent(deps, req.path.get("id"));
    const p = req.params.allowOnly(["cancellation_reason"]);
    if (pi.status === "succeeded" || pi.status === "canceled" || pi.status === "processing") {
      throw invalidRequest(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`, { code: "payment_intent_unexpected_state" });
    }
    pi.status = "canceled";
    pi.canceled_at = deps.clock.now();
    pi.cancellation_reason = p.string("cancellation_reason") ?? null;
    deps.store.touch();
    deps.bus.emit("payment_intent.canceled", pi);
    return pi;
  });

  router.add("GET", "/v1/payment_intents/:id", (deps, req) => getIntent(deps, req.path.get("id")));

  router.add("POST", "/v1/payment_intents/:id", (deps, req) => {
    const pi = getIntent(deps, req.path.get("id"));
    const p = req.params.allowOnly(["metadata", "description", "receipt_email"]);
    const previous: Record<string, unknown> = {};
    if (p.raw["metadata"] !== undefined) {
      previous["metadata"] = pi.metadata;
      pi.metadata = applyMetadata(pi.metadata, p.metadata());
    }
    if (p.raw["description"] !== undefined) {
      previous["description"] = pi.description;
      pi.description = p.string("description") ?? null;
    }
    deps.store.touch();
    return pi;
  });

  router.add("GET", "/v1/payment_intents", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "created"]);
    const customer = p.string("customer");
    return paginate(deps.store.list<PaymentIntent>("payment_intent").filter((x) => !customer || x.customer === customer), p, "/v1/payment_intents");
  });

  router.add("GET", "/v1/payment_methods/:id", (deps, req) => {
    const pm = deps.store.get<PaymentMethod>("payment_method", req.path.get("id"));
    if (!pm) throw resourceMissing("payment_method", req.path.get("id"));
    return pm;
  });

  router.add("GET", "/v1/charges/:id", (deps, req) => getCharge(deps, req.path.get("id"), "id"));

  router.add("GET", "/v1/charges", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "payment_intent", "created", "transfer_group"]);
    const customer = p.string("customer");
    const pi = p.string("payment_intent");
    const items = deps.store
      .list<Charge>("charge")
      .filter((x) => !customer || x.customer === customer)
      .filter((x) => !pi || x.payment_intent === pi);
    return paginate(items, p, "/v1/charges");
  });
}
