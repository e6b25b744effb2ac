import type { Deps } from "../core/deps";
import { newCheckoutSessionId, newId, randomChars } from "../core/ids";
import type { SessionExtras } from "../core/store";
import { invalidRequest } from "../http/errors";
import { freshMetadata, type Params } from "../http/params";
import { checkChargeAmount } from "../money/currencies";
import { buildCheckoutSession, buildLineItem, type CheckoutSession, type LineItem } from "../objects/checkout-session";
import type { Product } from "../objects/product";
import { attachDiscount } from "../checkout/discount";
import { applyTotals } from "../checkout/totals";
import { getCoupon, getPromotionCode } from "../discounts/validity";
import { billingNow } from "../billing/time";
import { checkoutUi } from "./checkout-ui";
import { sessionTax } from "./checkout-tax";
import { trialTerms } from "./checkout-trial";
import { getCustomer } from "./lookups";
import { createPrice, getPrice } from "./prices";

const DAY = 24 * 3600;

/** Everything Stripe accepts; most only shape Stripe's own UI, so the sandbox accepts and ignores them. */
const CREATE_PARAMS = [
  "mode", "line_items", "customer", "customer_email", "customer_creation", "client_reference_id", "metadata",
  "success_url", "cancel_url", "return_url", "expires_at", "payment_intent_data", "subscription_data", "locale",
  "payment_method_types", "allow_promotion_codes", "billing_address_collection", "shipping_address_collection",
  "automatic_tax", "tax_id_collection", "phone_number_collection", "submit_type", "ui_mode", "custom_text",
  "consent_collection", "invoice_creation", "customer_update", "discounts", "payment_method_collection",
  "currency", "shipping_options", "custom_fields", "saved_payment_method_options", "payment_method_options",
  "after_expiration", "redirect_on_completion", "adaptive_pricing", "origin_context", "wallet_options",
];

function lineItemsOf(deps: Deps, p: Params, mode: "payment" | "subscription"): LineItem[] {
  const items = p.objects("line_items");
  if (!items || items.length === 0) throw invalidRequest("Missing required param: line_items.", { param: "line_items", code: "parameter_missing" });
  if (items.length > 100) throw invalidRequest("You may only specify up to 100 line items.", { param: "line_items" });
  const lineItems = items.map((item) => {
    item.allowOnly(["price", "price_data", "quantity", "adjustable_quantity", "tax_rates", "dynamic_tax_rates"]);
    const priceData = item.object("price_data");
    const price = priceData ? createPrice(deps, priceData, undefined, false) : getPrice(deps, item.requiredString("price"), item.name("price"));
    if (!price.active && !priceData) {
      throw invalidRequest("The price specified is inactive. This field only accepts active prices.", { param: item.name("price") });
    }
    const quantity = item.requiredInt("quantity");
    if (quantity < 1) throw invalidRequest("Quantity must be greater than 0.", { param: item.name("quantity") });
    if (mode === "payment" && price.recurring) {
      throw invalidRequest(
        "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
        { param: item.name("price") },
      );
    }
    const product = deps.store.get<Product>("product", price.product);
    return buildLineItem({ id: newId("li"), price, quantity, description: product?.name ?? "" });
  });
  if (mode === "subscription" && !lineItems.some((li) => li.price.recurring)) {
    throw invalidRequest("You must provide at least one recurring price in `subscription` mode when using prices.", { param: "line_items" });
  }
  const currencies = new Set(lineItems.map((li) => li.price.currency));
  if (currencies.size > 1) throw invalidRequest("All prices on a Checkout Session must use the same currency.", { param: "line_items" });
  return lineItems;
}

function expiresAt(p: Params, now: number): number {
  const value = p.int("expires_at");
  if (value === undefined) return now + DAY;
  if (value - now > DAY) throw invalidRequest("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", { param: "expires_at" });
  if (value - now < 30 * 60) throw invalidRequest("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", { param: "expires_at" });
  return value;
}

/** `discounts` (one coupon or promotion code, pre-applied) and `allow_promotion_codes` exclude each other (stripe-facts.md §9). */
function discountParams(deps: Deps, p: Params): { coupon: ReturnType<typeof getCoupon>; promo: ReturnType<typeof getPromotionCode> | null; param: string } | null {
  const entries = p.objects("discounts");
  if (!entries || entries.length === 0) return null;
  if (p.has("allow_promotion_codes")) {
    throw invalidRequest("You may only specify one of these parameters: allow_promotion_codes, discounts.", { param: "allow_promotion_codes" });
  }
  if (entries.length > 1) throw invalidRequest("Checkout Sessions accept only one discount.", { param: "discounts" });
  const entry = (entries[0] as Params).allowOnly(["coupon", "promotion_code"]);
  if (entry.has("coupon") && entry.has("promotion_code")) {
    throw invalidRequest("You may only specify one of these parameters: coupon, promotion_code.", { param: entry.name("promotion_code") });
  }
  if (entry.has("promotion_code")) {
    const promo = getPromotionCode(deps, entry.requiredString("promotion_code"), entry.name("promotion_code"));
    return { coupon: getCoupon(deps, promo.promotion.coupon, entry.name("promotion_code")), promo, param: entry.name("promotion_code") };
  }
  return { coupon: getCoupon(deps, entry.requiredString("coupon"), entry.name("coupon")), promo: null, param: entry.name("coupon") };
}

export function createSession(deps: Deps, p: Params): CheckoutSession {
  p.allowOnly(CREATE_PARAMS);
  const mode = p.oneOf("mode", ["payment", "subscription", "setup"] as const);
  if (!mode) throw invalidRequest("Missing required param: mode.", { param: "mode", code: "parameter_missing" });
  if (mode === "setup") throw invalidRequest("The sandbox does not support `setup` mode.", { param: "mode" });
  const ui = checkoutUi(p);
  const customerId = p.string("customer") ?? null;
  const customerEmail = p.string("customer_email") ?? null;
  if (customerId && customerEmail) throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", { param: "customer_email" });
  const customer = customerId ? getCustomer(deps, customerId, "customer") : null;
  const customerCreation = p.oneOf("customer_creation", ["always", "if_required"] as const) ?? null;
  if (customerCreation && mode !== "payment") {
    throw invalidRequest("`customer_creation` can only be used in `payment` mode.", { param: "customer_creation" });
  }
  const discount = discountParams(deps, p);
  const lineItems = lineItemsOf(deps, p, mode);
  const currency = lineItems[0]?.price.currency ?? "usd";
  const amount = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  checkChargeAmount(amount, currency, "The Checkout Session's total amount due");
  const now = deps.clock.now();
  const pid = p.object("payment_intent_data");
  const sd = p.object("subscription_data");
  if (pid && mode !== "payment") throw invalidRequest("You can not pass `payment_intent_data` in `subscription` mode.", { param: "payment_intent_data" });
  if (sd && mode !== "subscription") throw invalidRequest("You can not pass `subscription_data` in `payment` mode.", { param: "subscription_data" });
  sd?.allowOnly(["metadata", "description", "trial_period_days", "trial_end", "trial_settings", "application_fee_percent", "billing_cycle_anchor", "default_tax_rates", "invoice_settings", "on_behalf_of", "proration_behavior", "transfer_data", "billing_mode", "pending_invoice_item_interval"]);
  const trial = trialTerms(sd, customerId ? billingNow(deps, customerId) : now);
  const collection = p.oneOf("payment_method_collection", ["always", "if_required"] as const);
  if (collection && mode !== "subscription") throw invalidRequest("`payment_method_collection` can only be used in `subscription` mode.", { param: "payment_method_collection" });
  const id = newCheckoutSessionId();
  const extras: SessionExtras = {
    lineItems,
    paymentIntentData: { metadata: freshMetadata(pid?.metadata()), description: pid?.string("description") ?? null },
    subscriptionData: { metadata: freshMetadata(sd?.metadata()), description: sd?.string("description") ?? null, trial },
    customer: null,
    intent: null,
    discount: null,
    tax: sessionTax(p, customer, lineItems),
  };
  const session = buildCheckoutSession({
    id,
    now,
    mode,
    url: `${deps.publicBase()}/c/pay/${id}`,
    clientSecret: `${id}_secret_${randomChars(48)}`,
    ui,
    expiresAt: expiresAt(p, now),
    amount,
    currency,
    customer: customerId,
    customerEmail,
    customerCreation: mode === "payment" ? (customerCreation ?? "if_required") : null,
    clientReferenceId: p.string("client_reference_id") ?? null,
    metadata: freshMetadata(p.metadata()),
    locale: p.string("locale") ?? null,
    paymentMethodTypes: p.strings("payment_method_types") ?? (mode === "payment" ? ["card", "us_bank_account"] : ["card"]),
  });
  session["allow_promotion_codes"] = p.bool("allow_promotion_codes") ?? null;
  session["billing_address_collection"] = p.oneOf("billing_address_collection", ["auto", "required"] as const) ?? null;
  if (mode === "subscription") session["payment_method_collection"] = collection ?? "always";
  if (discount) attachDiscount(deps, session, extras, discount.coupon, discount.promo, discount.param);
  applyTotals(deps, session, extras);
  deps.store.internal.sessions[id] = extras;
  return deps.store.insert(session);
}
