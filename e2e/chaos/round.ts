import type fc from "fast-check";
import { readAccounts } from "./accounts";
import { pollStatuses } from "./buyer-polls";
import { deliver, type DeliveryFigures } from "./deliverer";
import { newEvents } from "./events";
import type { Stack } from "./harness";
import { actOutBuyers, type BuyerScript, type PurchaseRecord, type Storefront } from "./purchases";
import { generateSchedule } from "./schedule";
import { stripeTruth } from "./truth";
import { judge, type Verdict } from "./verdict";

// One round of the exactly-once property: buyers pay while no webhook is delivered, then every
// event Stripe produced is delivered by the test in a generated rough schedule while buyers'
// success pages poll the payment status, and each buyer's account is compared with Stripe's
// truth.

export interface Round {
  stack: Stack;
  store: Storefront;
  /** Event ids already delivered in earlier rounds. */
  seenEvents: Set<string>;
  figures: DeliveryFigures;
}

export async function verdictFor(stack: Stack, records: PurchaseRecord[]): Promise<Verdict> {
  const truths = await stripeTruth(stack.sandbox.stripe, records);
  const accounts = await readAccounts(stack.database.pool, [...truths.keys()]);
  return judge(truths, accounts);
}

interface RoundOptions {
  /** The fraction of events never delivered at all. */
  drop?: number;
  /** Whether buyers' success pages poll the status (which settles payments too). */
  polls?: boolean;
}

export async function playRound(
  round: Round,
  scripts: BuyerScript[],
  g: fc.GeneratorValue,
  options: RoundOptions = {},
): Promise<{ records: PurchaseRecord[]; verdict: Verdict }> {
  const records = await actOutBuyers(round.store, scripts);
  const events = await newEvents(round.stack.sandbox.stripe, round.seenEvents);
  const schedule = generateSchedule(g, events.length, { drop: options.drop ?? 0 });
  const [, polls] = await Promise.all([
    deliver(
      events,
      schedule,
      { stripe: round.stack.sandbox.stripe, secret: round.stack.sandbox.webhookSecret, targets: round.stack.apps.map((a) => `${a.url}/api/stripe/webhook`) },
      round.figures,
    ),
    options.polls === false ? { failures: [] } : pollStatuses(g, records, round.stack.apps),
  ]);
  const verdict = await verdictFor(round.stack, records);
  verdict.problems.push(...polls.failures);
  return { records, verdict };
}
