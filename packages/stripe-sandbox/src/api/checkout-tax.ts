import type { SessionTax } from "../core/store";
import { invalidRequest, missingParam } from "../http/errors";
import type { Params } from "../http/params";
import type { LineItem } from "../objects/checkout-session";
import type { Customer } from "../objects/customer";
import { locationOf } from "../tax/compute";
import { taxDecision } from "../tax/table";

/**
 * `automatic_tax[enabled]` with what it needs (stripe-facts.md §9): every price with a `tax_behavior`
 * (the sandbox has no default tax behaviour setting), and for an existing customer either an address tax
 * can use or `customer_update[address|shipping]=auto` to save the one entered in Checkout. A guest's
 * location is collected on the payment page. `customer_update` needs a `customer`.
 */
export function sessionTax(p: Params, customer: Customer | null, lineItems: LineItem[]): SessionTax | null {
  const update = p.object("customer_update")?.allowOnly(["address", "name", "shipping"]);
  if (update && !customer) throw invalidRequest("`customer_update` can only be used with `customer`.", { param: "customer_update" });
  const updateAddress = update?.oneOf("address", ["auto", "never"] as const) ?? null;
  const updateShipping = update?.oneOf("shipping", ["auto", "never"] as const) ?? null;
  update?.oneOf("name", ["auto", "never"] as const);
  const automatic = p.object("automatic_tax")?.allowOnly(["enabled", "liability"]);
  if (automatic && automatic.bool("enabled") === undefined) throw missingParam("automatic_tax[enabled]");
  if (!automatic?.bool("enabled")) return null;
  lineItems.forEach((li, i) => {
    if (li.price["tax_behavior"] === "inclusive" || li.price["tax_behavior"] === "exclusive") return;
    throw invalidRequest(
      `Automatic tax needs a tax_behavior on every price, and price ${li.price.id} has \`unspecified\`: set the price's \`tax_behavior\` to \`inclusive\` or \`exclusive\`.`,
      { param: `line_items[${i}][price]` },
    );
  });
  const location = customer ? locationOf(customer["address"] as Record<string, unknown> | null) : null;
  if (customer && taxDecision(location).kind === "requires_location_inputs" && updateAddress !== "auto" && updateShipping !== "auto") {
    throw invalidRequest(
      "Automatic tax calculation in Checkout requires a valid address on the Customer. Add a valid address to the Customer or set either `customer_update[address]` to 'auto' or `customer_update[shipping]` to 'auto' to save the address entered in Checkout to the Customer.",
      { code: "customer_tax_location_invalid" },
    );
  }
  return { location, customerUpdateAddress: updateAddress };
}
