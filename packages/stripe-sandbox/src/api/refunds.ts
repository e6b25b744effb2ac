import { freshMetadata } from "../http/params";
import type { Refund } from "../objects/refund";
import { createRefund, getRefund, refundTarget } from "../payments/refunds";
import { LIST_PARAMS, createdFilter, paginate } from "./lists";
import type { ApiRouter } from "./types";

export function registerRefunds(router: ApiRouter): void {
  router.add("POST", "/v1/refunds", (deps, req) => {
    const p = req.params.allowOnly(["charge", "payment_intent", "amount", "reason", "metadata", "refund_application_fee", "reverse_transfer", "instructions_email"]);
    return createRefund(deps, {
      charge: refundTarget(deps, p.string("charge"), p.string("payment_intent")),
      amount: p.int("amount"),
      reason: p.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null,
      metadata: freshMetadata(p.metadata()),
    });
  });

  router.add("GET", "/v1/refunds/:id", (deps, req) => getRefund(deps, req.path.get("id")));

  router.add("GET", "/v1/refunds", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "charge", "payment_intent", "created"]);
    const charge = p.string("charge");
    const pi = p.string("payment_intent");
    const items = deps.store
      .list<Refund>("refund")
      .filter((x) => !charge || x.charge === charge)
      .filter((x) => !pi || x.payment_intent === pi)
      .filter(createdFilter(p));
    return paginate(items, p, "/v1/refunds");
  });
}
