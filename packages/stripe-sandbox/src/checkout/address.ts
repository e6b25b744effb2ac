import type { Deps } from "../core/deps";
import type { SessionExtras } from "../core/store";
import type { ErrorBody } from "../http/errors";
import type { CheckoutSession } from "../objects/checkout-session";
import type { Customer } from "../objects/customer";
import type { Address } from "../objects/shared";
import { locationOf } from "../tax/compute";
import { taxDecision } from "../tax/table";
import { applyTotals } from "./totals";

/** A billing address as the payment form (or the pay control) gives it; Stripe's field names. */
export type BillingAddress = { line1?: string; line2?: string; city?: string; state?: string; postal_code?: string; country?: string };

function clean(address: BillingAddress | undefined): Address | null {
  const field = (value: string | undefined) => value?.trim() || null;
  const country = field(address?.country)?.toUpperCase() ?? null;
  const out = { city: field(address?.city), country, line1: field(address?.line1), line2: field(address?.line2), postal_code: field(address?.postal_code), state: field(address?.state) };
  return Object.values(out).some((v) => v !== null) ? out : null;
}

function problem(message: string, param: string): ErrorBody {
  return { type: "invalid_request_error", message, param };
}

/** Whether the buyer's own address decides tax: a guest, or a customer whose address Checkout may update. */
function enteredAddressCounts(session: CheckoutSession, extras: SessionExtras): boolean {
  return Boolean(extras.tax) && (session.customer === null || extras.tax?.customerUpdateAddress === "auto" || extras.tax?.location === null);
}

/**
 * Takes the address from the payment form: `billing_address_collection=required` needs a full one, and
 * automatic tax a location it can use (a country, and for the US a ZIP code) unless the customer's address
 * already is one. When the address decides tax the session's totals are recomputed, so the PaymentIntent
 * includes exclusive tax. Returns what is missing, or the address for `customer_details`.
 */
export function takeAddress(deps: Deps, session: CheckoutSession, extras: SessionExtras, input: BillingAddress | undefined): { error: ErrorBody } | { address: Address | null } {
  const address = clean(input);
  if (session["billing_address_collection"] === "required" && !(address?.line1 && address.city && address.postal_code && address.country)) {
    return { error: problem("Your billing address is incomplete.", "address") };
  }
  if (extras.tax && address !== null && enteredAddressCounts(session, extras)) extras.tax.location = locationOf(address);
  if (extras.tax && taxDecision(extras.tax.location).kind === "requires_location_inputs") {
    const hasCountry = address?.country && /^[A-Z]{2}$/.test(address.country);
    return { error: hasCountry ? problem("Your ZIP code is incomplete.", "address[postal_code]") : problem("Select your country or region.", "address[country]") };
  }
  applyTotals(deps, session, extras);
  return { address };
}

/** The address a completed Checkout leaves on the customer: a new customer's always, an existing one's with customer_update[address]=auto. */
export function saveAddress(deps: Deps, session: CheckoutSession, extras: SessionExtras, customer: Customer | null): void {
  const address = session.customer_details?.address;
  if (!customer || !address?.country) return;
  const created = session.customer === null && extras.customer === customer.id;
  if (!created && extras.tax?.customerUpdateAddress !== "auto") return;
  const previous = { address: customer["address"] };
  customer["address"] = { ...address };
  deps.store.touch();
  if (!created) deps.bus.emit("customer.updated", customer, previous);
}
