import type { Deps } from "../core/deps";
import type { Dispute } from "../objects/dispute";
import type { Refund } from "../objects/refund";
import { takeDueDisputeStep } from "./disputes";
import { takeDueRefundStep } from "./refunds";

/**
 * Runs the delayed steps (refund failure or settlement, dispute ruling) whose sandbox time has come.
 * Called on every API and control request and by the server's sweep timer, so `clock/advance` reaches
 * them deterministically. Their events carry `request.id: null`, as Stripe's automatic changes do.
 */
export function runDueSteps(deps: Deps): void {
  const now = deps.clock.nowMs();
  const due = Object.entries(deps.store.internal.dueAt).filter(([, at]) => at <= now);
  if (due.length === 0) return;
  deps.bus.run({ id: null, idempotency_key: null }, () => {
    for (const [id] of due) {
      delete deps.store.internal.dueAt[id];
      const refund = deps.store.get<Refund>("refund", id);
      if (refund) takeDueRefundStep(deps, refund);
      const dispute = deps.store.get<Dispute>("dispute", id);
      if (dispute) takeDueDisputeStep(deps, dispute);
    }
  });
}
