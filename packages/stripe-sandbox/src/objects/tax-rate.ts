import type { Jurisdiction } from "../tax/table";

export type TaxRate = { id: string; object: "tax_rate"; percentage: number; inclusive: boolean; [key: string]: unknown };

/** The TaxRate objects Stripe Tax reports its automatic rates with (`txr_…`), one per jurisdiction and behaviour. */
export function buildTaxRate(input: { id: string; now: number; jurisdiction: Jurisdiction; inclusive: boolean }): TaxRate {
  const j = input.jurisdiction;
  return {
    id: input.id,
    object: "tax_rate",
    active: true,
    country: j.country,
    created: input.now,
    description: j.description,
    display_name: j.displayName,
    effective_percentage: j.percentage,
    flat_amount: null,
    inclusive: input.inclusive,
    jurisdiction: j.state ?? j.country,
    jurisdiction_level: j.level,
    livemode: false,
    metadata: {},
    percentage: j.percentage,
    rate_type: "percentage",
    state: j.state,
    tax_type: j.taxType,
  };
}
