/** A rate of the sandbox's tax table (tax/table.ts). */
export type Jurisdiction = {
  /** Stable key; the sandbox makes one TaxRate per key and behaviour. */
  key: string;
  country: string;
  state: string | null;
  percentage: number;
  displayName: string;
  taxType: "vat" | "gst" | "sales_tax" | "jct";
  level: "country" | "state";
  description: string;
};

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
