import { invalidRequest } from "../http/errors";
import { applyMetadata, type Params } from "../http/params";
import { EVIDENCE_FIELDS, type Dispute } from "../objects/dispute";
import { closeDispute, getDispute, updateDispute } from "../payments/disputes";
import { LIST_PARAMS, createdFilter, paginate } from "./lists";
import type { ApiRouter } from "./types";

/** Stripe's documented cap on all evidence text together. */
const MAX_EVIDENCE_CHARS = 150_000;

function evidenceOf(p: Params): Record<string, string> {
  const evidence = p.object("evidence");
  if (!evidence) return {};
  evidence.allowOnly(EVIDENCE_FIELDS);
  const out: Record<string, string> = {};
  for (const field of EVIDENCE_FIELDS) {
    const value = evidence.string(field);
    if (value !== undefined) out[field] = value;
  }
  const total = Object.values(out).reduce((sum, v) => sum + v.length, 0);
  if (total > MAX_EVIDENCE_CHARS) throw invalidRequest(`The combined evidence text cannot exceed ${MAX_EVIDENCE_CHARS} characters.`, { param: "evidence" });
  return out;
}

export function registerDisputes(router: ApiRouter): void {
  router.add("GET", "/v1/disputes/:id", (deps, req) => getDispute(deps, req.path.get("id")));

  router.add("GET", "/v1/disputes", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "charge", "payment_intent", "created"]);
    const charge = p.string("charge");
    const pi = p.string("payment_intent");
    const items = deps.store
      .list<Dispute>("dispute")
      .filter((x) => !charge || x.charge === charge)
      .filter((x) => !pi || x.payment_intent === pi)
      .filter(createdFilter(p));
    return paginate(items, p, "/v1/disputes");
  });

  router.add("POST", "/v1/disputes/:id", (deps, req) => {
    const dispute = getDispute(deps, req.path.get("id"));
    const p = req.params.allowOnly(["evidence", "metadata", "submit", "intended_submission_method"]);
    const metadata = p.metadata();
    const evidence = evidenceOf(p);
    return updateDispute(deps, dispute, {
      evidence,
      // Stripe's default is true, but a metadata-only update here should not count as a submission.
      submit: p.bool("submit") ?? Object.keys(evidence).length > 0,
      metadata: metadata ? (current) => applyMetadata(current, metadata) : null,
    });
  });

  router.add("POST", "/v1/disputes/:id/close", (deps, req) => {
    req.params.allowOnly([]);
    return closeDispute(deps, getDispute(deps, req.path.get("id")));
  });
}
