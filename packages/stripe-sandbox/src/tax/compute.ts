import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { lineTax, type TaxBehavior } from "../money/tax";
import { buildTaxRate, type Jurisdiction } from "../objects/tax-rate";
import { taxDecision, type TaxLocation } from "./table";

export type LineTaxResult = { amount: number; taxable: number; behavior: TaxBehavior; reason: "standard_rated" | "not_collecting"; rate: string | null };
export type TaxOutcome = { status: "complete" | "requires_location_inputs"; lines: LineTaxResult[] };

/** The TaxRate object for a jurisdiction and behaviour, made once and then reused (expandable by id). */
function taxRateId(deps: Deps, jurisdiction: Jurisdiction, behavior: TaxBehavior): string {
  const key = `${jurisdiction.key}:${behavior}`;
  const known = deps.store.internal.taxRates[key];
  if (known && deps.store.find(known)) return known;
  const rate = deps.store.insert(buildTaxRate({ id: newId("txr"), now: deps.clock.now(), jurisdiction, inclusive: behavior === "inclusive" }));
  deps.store.internal.taxRates[key] = rate.id;
  return rate.id;
}

/**
 * Automatic tax on lines (amounts after discounts) at a location, from the sandbox's table (tax/table.ts).
 * Until the location is known every line's tax is 0 and the status is `requires_location_inputs`.
 */
export function computeTax(deps: Deps, location: TaxLocation | null, lines: { amount: number; behavior: TaxBehavior }[]): TaxOutcome {
  const decision = taxDecision(location);
  if (decision.kind === "requires_location_inputs") {
    return { status: "requires_location_inputs", lines: lines.map((l) => ({ amount: 0, taxable: l.amount, behavior: l.behavior, reason: "not_collecting", rate: null })) };
  }
  return {
    status: "complete",
    lines: lines.map((l) => {
      if (decision.kind === "not_collecting") return { amount: 0, taxable: l.amount, behavior: l.behavior, reason: "not_collecting", rate: null };
      const { tax, taxable } = lineTax(l.amount, l.behavior, decision.jurisdiction.percentage);
      return { amount: tax, taxable, behavior: l.behavior, reason: "standard_rated", rate: taxRateId(deps, decision.jurisdiction, l.behavior) };
    }),
  };
}

/** A Stripe address as a tax location, or null when it has no country. */
export function locationOf(address: { country?: unknown; postal_code?: unknown } | null | undefined): TaxLocation | null {
  const country = typeof address?.country === "string" && address.country ? address.country.toUpperCase() : null;
  return country ? { country, postalCode: typeof address?.postal_code === "string" ? address.postal_code : null } : null;
}
