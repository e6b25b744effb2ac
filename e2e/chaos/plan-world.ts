import type { ProductKey } from "@/lib/catalog/products";
import { emptyFigures, percentile, type DeliveryFigures } from "./deliverer";
import type { Stack } from "./harness";
import type { Buyer } from "./storefront";

// What the plan property keeps between rounds: the running system, each buyer as the test knows
// them (what they did, not what the storefront says), and the figures a run prints.

/** A Lifetime checkout, with the subscription Stripe had live for the buyer when they started paying. */
export interface LifetimeRecord {
  sessionId: string;
  replacing: string | null;
}

export interface BuyerModel {
  readonly index: number;
  readonly buyer: Buyer;
  /** Coin pack checkouts. */
  packs: string[];
  lifetimes: LifetimeRecord[];
  /** Coins the usage API answered as spent. */
  coinsSpent: number;
  /**
   * The allowance as Stripe's record says it should be: which plan and which paid renewal last
   * reset it (per Stripe, seen after each settled round), and the uses the API took from it since.
   */
  allowance: { source: string | null; renewal: string | null; used: number };
  /** Dashboard refunds that fail at the buyer's next turn, as a refund to a closed card does. */
  refundsToFail: string[];
}

export const invariantNames = {
  a: "(a) at most one non-canceled subscription per customer",
  b: "(b) the app's plan, tier and status equal Stripe's",
  c: "(c) refunded ≤ charged for every payment",
  d: "(d) nobody is charged after Lifetime is paid",
  e: "(e) each Lifetime credit equals the rule's formula",
  f: "(f) each paid period resets the allowance exactly once",
  g: "(g) coins equal the ledger and what was paid minus clawbacks",
  http: "the storefront answered a buyer, the webhook or the cron with a 5xx",
} as const;

export type Invariant = keyof typeof invariantNames;

export interface Violation {
  invariant: Invariant;
  round: number;
  message: string;
}

export interface PlanFigures {
  delivery: DeliveryFigures;
  operations: number;
  byKind: Map<string, number>;
  /** Operations the storefront or Stripe refused (a second plan, a declined upgrade, a refund on a charged-back payment). */
  refused: number;
  lost: number;
  late: number;
  reconciles: number;
  advances: number;
  violations: Violation[];
}

export function emptyPlanFigures(): PlanFigures {
  return { delivery: emptyFigures(), operations: 0, byKind: new Map(), refused: 0, lost: 0, late: 0, reconciles: 0, advances: 0, violations: [] };
}

export function countOperation(figures: PlanFigures, kind: string): void {
  figures.operations += 1;
  figures.byKind.set(kind, (figures.byKind.get(kind) ?? 0) + 1);
}

export interface World {
  readonly stack: Stack;
  priceId(product: ProductKey): string;
  readonly buyers: BuyerModel[];
  readonly figures: PlanFigures;
  /** Event ids already handed to the deliverer (or dropped), and where listing resumes. */
  readonly seen: Set<string>;
  listFrom: number;
  /** Payloads of lost events that arrive after all, once the reconcile cron has started. */
  late: string[];
  /** Events were lost since the cron last ran. */
  unreconciled: boolean;
  /** Payloads already delivered, some of which later rounds send again. */
  delivered: string[];
  round: number;
  /** Violations found by earlier checks, by invariant and message. */
  readonly reported: Set<string>;
}

export function violationCounts(figures: PlanFigures): Map<Invariant, number> {
  const counts = new Map<Invariant, number>();
  for (const v of figures.violations) counts.set(v.invariant, (counts.get(v.invariant) ?? 0) + 1);
  return counts;
}

export function describeFigures(figures: PlanFigures, wallSeconds: number): string[] {
  const d = figures.delivery;
  const counts = violationCounts(figures);
  const kinds = [...figures.byKind].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ");
  return [
    `operations           ${figures.operations} (${kinds})`,
    `refused              ${figures.refused}`,
    `clock advances       ${figures.advances}`,
    `deliveries           ${d.deliveries}`,
    `duplicates           ${d.duplicates}`,
    `lost events          ${figures.lost} (${figures.late} of them delivered late instead)`,
    `reconciles           ${figures.reconciles}`,
    `max in flight        ${d.maxInFlight}`,
    `5xx answers          ${d.serverErrors}`,
    `gave up              ${d.gaveUp}`,
    ...(Object.keys(invariantNames) as Invariant[]).map((key) => `violations ${key.padEnd(9)} ${counts.get(key) ?? 0}  ${invariantNames[key]}`),
    `webhook answer p50   ${percentile(d.latenciesMs, 50).toFixed(0)} ms`,
    `webhook answer p99   ${percentile(d.latenciesMs, 99).toFixed(0)} ms`,
    `wall time            ${wallSeconds.toFixed(0)} s`,
  ];
}
