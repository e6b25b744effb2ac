import type { BillingAddress } from "../checkout/address";
import { KNOWN_COUNTRIES } from "../tax/table";
import { html } from "./html";

const COUNTRY_NAMES: Record<string, string> = {
  US: "United States", GB: "United Kingdom", DE: "Germany", FR: "France", NL: "Netherlands", IE: "Ireland", AU: "Australia",
  CA: "Canada", JP: "Japan", SG: "Singapore", CN: "China", BR: "Brazil", MX: "Mexico", CH: "Switzerland", IN: "India",
};

/** How much address the page asks for: a tax location (country, postal code) or, when required, a full billing address. */
export type AddressNeed = "location" | "full" | null;

/**
 * The billing address fieldset, labelled as Stripe's page labels it. "Update total" posts the form to
 * `<page>/address`, which recomputes tax for the entered location before the buyer pays.
 */
export function addressFields(need: AddressNeed, action: string, address: BillingAddress) {
  if (!need) return "";
  const country = address.country ?? "";
  return html`<fieldset><legend>Billing address</legend>
      <label for="country">Country or region</label>
      <select id="country" name="country" autocomplete="country">
        <option value="" ${country ? "" : "selected"}>Select…</option>
        ${KNOWN_COUNTRIES.map((code) => html`<option value="${code}" ${code === country ? "selected" : ""}>${COUNTRY_NAMES[code] ?? code}</option>`)}
      </select>
      ${need === "full"
        ? html`<label for="line1">Address line 1</label>
      <input type="text" id="line1" name="line1" autocomplete="address-line1" value="${address.line1 ?? ""}">
      <label for="city">City</label>
      <input type="text" id="city" name="city" autocomplete="address-level2" value="${address.city ?? ""}">`
        : ""}
      <label for="postalCode">Postal code</label>
      <input type="text" id="postalCode" name="postalCode" autocomplete="postal-code" value="${address.postal_code ?? ""}">
      <button type="submit" formaction="${action}/address" class="secondary">Update total</button>
    </fieldset>`;
}
