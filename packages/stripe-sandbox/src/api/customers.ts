import { applyMetadata, freshMetadata, type Params } from "../http/params";
import type { Customer } from "../objects/customer";
import { createCustomer } from "../payments/customers";
import { attachedPaymentMethod, getCustomer, getTestClock } from "./lookups";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

const WRITABLE = ["email", "name", "phone", "description", "metadata", "address", "shipping", "preferred_locales", "invoice_settings", "payment_method", "tax_exempt"];

/** A Stripe address: `line1`, `line2`, `city`, `state`, `postal_code`, `country` (ISO code, upper-cased); "" clears it. */
function addressOf(p: Params): Record<string, string | null> | undefined {
  if (p.raw["address"] === undefined) return undefined;
  const a = p.object("address")?.allowOnly(["line1", "line2", "city", "state", "postal_code", "country"]);
  const field = (key: string) => a?.string(key) ?? null;
  return { city: field("city"), country: field("country")?.toUpperCase() ?? null, line1: field("line1"), line2: field("line2"), postal_code: field("postal_code"), state: field("state") };
}

export function registerCustomers(router: ApiRouter): void {
  router.add("POST", "/v1/customers", (deps, req) => {
    const p = req.params.allowOnly([...WRITABLE, "test_clock"]);
    const clock = p.string("test_clock");
    return createCustomer(deps, {
      testClock: clock ? getTestClock(deps, clock).id : null,
      address: addressOf(p) ?? null,
      email: p.string("email") ?? null,
      name: p.string("name") ?? null,
      phone: p.string("phone") ?? null,
      description: p.string("description") ?? null,
      metadata: freshMetadata(p.metadata()),
    });
  });

  router.add("GET", "/v1/customers/:id", (deps, req) => getCustomer(deps, req.path.get("id")));

  router.add("POST", "/v1/customers/:id", (deps, req) => {
    const customer = getCustomer(deps, req.path.get("id"));
    const p = req.params.allowOnly(WRITABLE);
    const previous: Record<string, unknown> = {};
    for (const key of ["email", "name", "phone", "description"] as const) {
      if (p.raw[key] === undefined) continue;
      previous[key] = customer[key];
      customer[key] = p.string(key) ?? null;
    }
    const address = addressOf(p);
    if (address !== undefined) {
      previous["address"] = customer["address"];
      customer["address"] = address;
    }
    if (p.raw["metadata"] !== undefined) {
      previous["metadata"] = customer.metadata;
      customer.metadata = applyMetadata(customer.metadata, p.metadata());
    }
    const defaultPm = p.object("invoice_settings")?.string("default_payment_method");
    if (defaultPm) {
      attachedPaymentMethod(deps, customer, defaultPm, "invoice_settings[default_payment_method]");
      previous["invoice_settings"] = structuredClone(customer.invoice_settings);
      customer.invoice_settings.default_payment_method = defaultPm;
    }
    deps.store.touch();
    deps.bus.emit("customer.updated", customer, previous);
    return customer;
  });

  router.add("GET", "/v1/customers", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "email", "created", "test_clock"]);
    const email = p.string("email");
    const clock = p.string("test_clock");
    // Stripe's email filter is case-sensitive exact match; customers on a test clock are listed only by their clock.
    const items = deps.store
      .list<Customer>("customer")
      .filter((c) => email === undefined || c.email === email)
      .filter((c) => (c["test_clock"] ?? null) === (clock ?? null));
    return paginate(items, p, "/v1/customers");
  });
}
