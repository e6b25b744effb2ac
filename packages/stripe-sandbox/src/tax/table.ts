import type { Jurisdiction } from "../objects/tax-rate";

/** Where the buyer is, as much as tax needs: a country, and for the United States a ZIP code. */
export type TaxLocation = { country: string; postalCode: string | null };

/**
 * The sandbox's stand-in for Stripe Tax: a small fixed table of test rates, documented in the README.
 * It is not Stripe's data and not tax advice; it only lets a storefront see tax move through Stripe's fields.
 */
const COUNTRIES: Record<string, [number, Jurisdiction["taxType"], string]> = {
  GB: [20, "vat", "VAT"],
  DE: [19, "vat", "VAT"],
  FR: [20, "vat", "VAT"],
  NL: [21, "vat", "VAT"],
  IE: [23, "vat", "VAT"],
  AU: [10, "gst", "GST"],
  CA: [5, "gst", "GST"],
  JP: [10, "jct", "JCT"],
  SG: [9, "gst", "GST"],
};

/** US states by the first three digits of a ZIP code; any other state is one the account is not registered in. */
const US_STATES: [state: string, from: number, to: number, percentage: number][] = [
  ["NY", 100, 149, 8.875],
  ["CA", 900, 961, 7.25],
  ["WA", 980, 994, 10.25],
  ["TX", 750, 799, 8.25],
];

/** The countries the payment page offers: the table's, and some where the account is not registered. Any ISO code works through the API. */
export const KNOWN_COUNTRIES = ["US", ...Object.keys(COUNTRIES), "CN", "BR", "MX", "CH", "IN"];

export type TaxDecision = { kind: "rate"; jurisdiction: Jurisdiction } | { kind: "not_collecting" } | { kind: "requires_location_inputs" };

/** Which rate applies at a location: the table's, none where the account does not collect, or "need more". */
export function taxDecision(location: TaxLocation | null): TaxDecision {
  const country = location?.country.toUpperCase() ?? "";
  if (!location || !/^[A-Z]{2}$/.test(country)) return { kind: "requires_location_inputs" };
  if (country === "US") {
    const zip = /^(\d{5})(-\d{4})?$/.exec(location.postalCode?.trim() ?? "")?.[1];
    if (!zip) return { kind: "requires_location_inputs" };
    const prefix = Number(zip.slice(0, 3));
    const state = US_STATES.find(([, from, to]) => prefix >= from && prefix <= to);
    if (!state) return { kind: "not_collecting" };
    const [code, , , percentage] = state;
    return {
      kind: "rate",
      jurisdiction: { key: `US-${code}`, country, state: code, percentage, displayName: "Sales Tax", taxType: "sales_tax", level: "state", description: `Sales tax ${code}` },
    };
  }
  const entry = COUNTRIES[country];
  if (!entry) return { kind: "not_collecting" };
  const [percentage, taxType, displayName] = entry;
  return { kind: "rate", jurisdiction: { key: country, country, state: null, percentage, displayName, taxType, level: "country", description: `${displayName} ${country}` } };
}
