import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { invalidRequest, resourceMissing } from "../http/errors";
import { buildBalanceTransaction } from "../objects/balance-transaction";
import type { Charge } from "../objects/charge";
import { buildDispute, type Dispute } from "../objects/dispute";

/** Observed in test mode: `winning_evidence` turns into `won` about 5 s after submission. */
const RULING_AFTER_MS = 5000;
/** The observed test chargeback took a 15.00 dispute fee with the amount. */
const DISPUTE_FEE = 1500;

const CLOSED: readonly Dispute["status"][] = ["won", "lost", "warning_closed"];

export function getDispute(deps: Deps, id: string): Dispute {
  const dispute = deps.store.get<Dispute>("dispute", id);
  if (!dispute) throw resourceMissing("dispute", id);
  return dispute;
}

function isInquiry(dispute: Dispute): boolean {
  return dispute.status.startsWith("warning_");
}

function withdraw(deps: Deps, dispute: Dispute): void {
  dispute.balance_transactions.push(
    buildBalanceTransaction({
      id: newId("txn"),
      now: deps.clock.now(),
      amount: -dispute.amount,
      currency: dispute.currency,
      description: `Chargeback withdrawal for ${dispute.charge}`,
      source: dispute.id,
      fee: { amount: DISPUTE_FEE, description: "Dispute fee" },
      reportingCategory: "dispute",
    }),
  );
  dispute.is_charge_refundable = false;
}

/** Test cards 0259/1976: the dispute opens inside the charge attempt, right after `charge.succeeded`. */
export function openDispute(deps: Deps, charge: Charge, inquiry: boolean): Dispute {
  const card = (charge["payment_method_details"] as { card?: { brand?: string } } | null)?.card;
  const dispute = deps.store.insert(
    buildDispute({
      id: newId("du"),
      now: deps.clock.now(),
      amount: charge.amount,
      currency: charge.currency,
      charge: charge.id,
      paymentIntent: charge.payment_intent,
      brand: card?.brand ?? "visa",
      inquiry,
    }),
  );
  if (!inquiry) withdraw(deps, dispute);
  charge.disputed = true;
  charge.dispute = dispute.id;
  deps.store.touch();
  deps.bus.emit("charge.dispute.created", dispute);
  if (!inquiry) deps.bus.emit("charge.dispute.funds_withdrawn", dispute);
  return dispute;
}

function refuseIfClosed(dispute: Dispute): void {
  if (CLOSED.includes(dispute.status)) throw invalidRequest("This dispute is already closed");
}

function close(deps: Deps, dispute: Dispute, status: "won" | "lost" | "warning_closed"): void {
  delete deps.store.internal.dueAt[dispute.id];
  if (status === "won") {
    dispute.balance_transactions.push(
      buildBalanceTransaction({
        id: newId("txn"),
        now: deps.clock.now(),
        amount: dispute.amount,
        currency: dispute.currency,
        description: `Chargeback reversal for ${dispute.charge}`,
        source: dispute.id,
        // The one observed reversal had no fee details, so the dispute fee is not given back here.
        fee: null,
        reportingCategory: "dispute_reversal",
      }),
    );
    dispute.is_charge_refundable = true;
  }
  dispute.status = status;
  deps.store.touch();
  if (status === "won") deps.bus.emit("charge.dispute.funds_reinstated", dispute);
  deps.bus.emit("charge.dispute.closed", dispute);
}

type EvidenceUpdate = { evidence: Record<string, string>; submit: boolean; metadata: ((current: Record<string, string>) => Record<string, string>) | null };

/**
 * `POST /v1/disputes/:id`. The magic `uncategorized_text` values decide test disputes: `losing_evidence`
 * loses at once, `winning_evidence` wins after RULING_AFTER_MS, `escalate_inquiry_evidence` turns an
 * inquiry into a chargeback. Any other evidence waits for `/_sandbox/disputes/:id/settle`.
 */
export function updateDispute(deps: Deps, dispute: Dispute, update: EvidenceUpdate): Dispute {
  refuseIfClosed(dispute);
  const previous: Record<string, unknown> = {};
  if (update.metadata) {
    previous["metadata"] = dispute.metadata;
    dispute.metadata = update.metadata(dispute.metadata);
  }
  const hasEvidence = Object.keys(update.evidence).length > 0;
  if (hasEvidence) {
    previous["evidence"] = structuredClone(dispute.evidence);
    dispute.evidence = { ...dispute.evidence, ...update.evidence };
  }
  if (update.submit || hasEvidence) previous["evidence_details"] = structuredClone(dispute.evidence_details);
  if (hasEvidence) dispute.evidence_details.has_evidence = true;
  const inquiry = isInquiry(dispute);
  if (update.submit) {
    dispute.evidence_details.submission_count++;
    previous["status"] = dispute.status;
    dispute.status = inquiry ? "warning_under_review" : "under_review";
  }
  deps.store.touch();
  if (Object.keys(previous).length > 0) deps.bus.emit("charge.dispute.updated", dispute, previous);
  if (!update.submit) return dispute;
  const text = dispute.evidence["uncategorized_text"];
  if (text === "winning_evidence") deps.store.internal.dueAt[dispute.id] = deps.clock.nowMs() + RULING_AFTER_MS;
  else if (text === "losing_evidence" && !inquiry) close(deps, dispute, "lost");
  else if (text === "escalate_inquiry_evidence" && inquiry) escalate(deps, dispute);
  return dispute;
}

function escalate(deps: Deps, dispute: Dispute): void {
  const previous = { status: dispute.status, balance_transactions: structuredClone(dispute.balance_transactions), is_charge_refundable: dispute.is_charge_refundable };
  const card = dispute["payment_method_details"] as { card: { case_type: string } };
  card.card.case_type = "chargeback";
  dispute.status = "needs_response";
  withdraw(deps, dispute);
  deps.store.touch();
  deps.bus.emit("charge.dispute.updated", dispute, previous);
  deps.bus.emit("charge.dispute.funds_withdrawn", dispute);
}

/** `POST /v1/disputes/:id/close`: the merchant accepts the loss; an inquiry just closes. */
export function closeDispute(deps: Deps, dispute: Dispute): Dispute {
  refuseIfClosed(dispute);
  close(deps, dispute, isInquiry(dispute) ? "warning_closed" : "lost");
  return dispute;
}

/** The card network's decision on submitted evidence, from the delayed step or a test control. */
export function ruleOnDispute(deps: Deps, dispute: Dispute, outcome: "won" | "lost"): Dispute {
  const status = isInquiry(dispute) ? "warning_closed" : outcome;
  // Idempotent so a test's control call and the automatic step can race without a second set of events.
  if (dispute.status === status) return dispute;
  refuseIfClosed(dispute);
  if (dispute.status !== "under_review" && dispute.status !== "warning_under_review") {
    throw invalidRequest(`Dispute ${dispute.id} is ${dispute.status}; only disputes under review can be decided.`, { param: "id" });
  }
  close(deps, dispute, status);
  return dispute;
}

export function takeDueDisputeStep(deps: Deps, dispute: Dispute): void {
  if (dispute.status === "under_review" || dispute.status === "warning_under_review") ruleOnDispute(deps, dispute, "won");
}
