import type { Deps } from "../core/deps";
import type { Invoice } from "../objects/invoice";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import type { SubscriptionSchedule } from "../objects/subscription-schedule";
import { attemptPayment } from "./collect";
import { awaitingSettlement, expireIncomplete, expirePendingUpdate, INCOMPLETE_SECONDS, latestInvoice } from "./expiry";
import { finalizeInvoice } from "./invoices";
import { crossBoundary } from "./renewal";
import { advanceSchedule, scheduleDueAt } from "./schedule-advance";
import { depsAt } from "./time";
import { trialWarningDueAt, warnTrialEnding } from "./trial";

type Task = { at: number; run: (deps: Deps) => void };

// An unpaid subscription still renews: Stripe keeps making its invoices, as drafts nobody collects.
const RENEWING = new Set(["active", "past_due", "trialing", "unpaid"]);

function subscriptionTasks(deps: Deps, sub: Subscription): Task[] {
  const tasks: Task[] = [];
  const warning = trialWarningDueAt(deps, sub);
  if (warning !== null) tasks.push({ at: warning, run: (d) => warnTrialEnding(d, sub) });
  const end = currentPeriodEnd(sub);
  if (RENEWING.has(sub.status) && end !== null) tasks.push({ at: end, run: (d) => crossBoundary(d, sub) });
  if (sub.status === "incomplete" && !awaitingSettlement(deps, latestInvoice(deps, sub))) {
    tasks.push({ at: sub.created + INCOMPLETE_SECONDS, run: (d) => expireIncomplete(d, sub) });
  }
  return tasks;
}

function invoiceTask(invoice: Invoice): Task | null {
  if (!invoice.auto_advance) return null;
  if (invoice.status === "draft" && invoice.automatically_finalizes_at !== null) {
    return {
      at: invoice.automatically_finalizes_at,
      run: (d) => {
        finalizeInvoice(d, invoice);
        attemptPayment(d, invoice, { automatic: true });
      },
    };
  }
  if (invoice.status === "open" && invoice.next_payment_attempt !== null) {
    return { at: invoice.next_payment_attempt, run: (d) => attemptPayment(d, invoice, { automatic: true }) };
  }
  return null;
}

function earliestTask(deps: Deps, until: number, inScope: (customerId: string) => boolean): Task | null {
  const tasks: Task[] = [];
  // First in the list, so that a phase ending at a period end wins the tie: the renewal then bills the new phase's price.
  for (const schedule of deps.store.list<SubscriptionSchedule>("subscription_schedule")) {
    const at = scheduleDueAt(schedule);
    if (at !== null && inScope(schedule.customer)) tasks.push({ at, run: (d) => advanceSchedule(d, schedule) });
  }
  for (const sub of deps.store.list<Subscription>("subscription")) {
    if (!inScope(sub.customer)) continue;
    tasks.push(...subscriptionTasks(deps, sub));
    const pending = sub.pending_update;
    if (pending) tasks.push({ at: pending.expires_at, run: (d) => expirePendingUpdate(d, sub) });
  }
  for (const invoice of deps.store.list<Invoice>("invoice")) {
    if (!inScope(invoice.customer)) continue;
    const task = invoiceTask(invoice);
    if (task) tasks.push(task);
  }
  let best: Task | null = null;
  for (const task of tasks) if (task.at <= until && (best === null || task.at < best.at)) best = task;
  return best;
}

/**
 * Runs every billing step due up to `until` for the customers in scope, one at a time in time order,
 * each with the clock at its own due time, so a long advance replays renewals, retries and expiries
 * exactly as they would have happened.
 */
export function runDueBilling(deps: Deps, until: number, inScope: (customerId: string) => boolean): void {
  deps.bus.automatic(() => {
    for (let task = earliestTask(deps, until, inScope); task; task = earliestTask(deps, until, inScope)) {
      task.run(depsAt(deps, task.at));
    }
  });
}
