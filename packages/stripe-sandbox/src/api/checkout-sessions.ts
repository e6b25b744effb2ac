import type { Deps } from "../core/deps";
import { newCheckoutSessionId, newId, randomChars } from "../core/ids";
import { invalidRequest, resourceMissing } from "../http/errors";
import { freshMetadata, type Params } from "../http/params";
import { checkChargeAmount } from "../money/currencies";
import { buildCheckoutSession, buildLineItem, type CheckoutSession, type LineItem } from "../objects/checkout-session";
import type { Product } from "../objects/product";
import { expireSession } from "../checkout/expire";
import { checkoutUi } from "./checkout-ui";
import { getCustomer } from "./lookups";
import { LIST_PARAMS, paginate } from "./lists";
import { createPrice, getPrice } from "./prices";
import type { ApiRouter } from "./types";

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

export function getSession(deps: Deps, id: string, param = "session"): CheckoutSession {
  const session = deps.store.get<CheckoutSession>("checkout.session", id);
  if (!session) throw resourceMissing("checkout.session", id, param);
  return session;
}

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

function createSession(deps: Deps, p: Params): CheckoutSession {
  p.allowOnly(CREATE_PARAMS);
  const mode = p.oneOf("mode", ["payment", "subscription", "setup"] as const);
  if (!mode) throw invalidRequest("Missing required param: mode.", { param: "mode", code: "parameter_missing" });
  if (mode === "setup") throw invalidRequest("The sandbox does not support `setup` mode.", { param: "mode" });
  const ui = checkoutUi(p);
  const customerId = p.string("customer") ?? null;
  const customerEmail = p.string("customer_email") ?? null;
  if (customerId && customerEmail) throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", { param: "customer_email" });
  if (customerId) getCustomer(deps, customerId, "customer");
  const customerCreation = p.oneOf("customer_creation", ["always", "if_required"] as const) ?? null;
  if (customerCreation && mode !== "payment") {
    throw invalidRequest("`customer_creation` can only be used in `payment` mode.", { param: "customer_creation" });
  }
  const lineItems = lineItemsOf(deps, p, mode);
  const currency = lineItems[0]?.price.currency ?? "usd";
  const amount = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  checkChargeAmount(amount, currency, "The Checkout Session's total amount due");
  const now = deps.clock.now();
  const pid = p.object("payment_intent_data");
  const sd = p.object("subscription_data");
  if (pid && mode !== "payment") throw invalidRequest("You can not pass `payment_intent_data` in `subscription` mode.", { param: "payment_intent_data" });
  if (sd && mode !== "subscription") throw invalidRequest("You can not pass `subscription_data` in `payment` mode.", { param: "subscription_data" });
  const id = newCheckoutSessionId();
  deps.store.internal.sessions[id] = {
    lineItems,
    paymentIntentData: { metadata: freshMetadata(pid?.metadata()), description: pid?.string("description") ?? null },
    subscriptionData: { metadata: freshMetadata(sd?.metadata()), description: sd?.string("description") ?? null },
    customer: null,
    intent: null,
  };
  return deps.store.insert(
    buildCheckoutSession({
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
    }),
  );
}

export function registerCheckoutSessions(router: ApiRouter): void {
  router.add("POST", "/v1/checkout/sessions", (deps, req) => createSession(deps, req.params));

  router.add("GET", "/v1/checkout/sessions/:id", (deps, req) => getSession(deps, req.path.get("id")));

  router.add("POST", "/v1/checkout/sessions/:id", (deps, req) => {
    const session = getSession(deps, req.path.get("id"));
    const p = req.params.allowOnly(["metadata", "collected_information", "shipping_options", "line_items"]);
    if (p.raw["metadata"] !== undefined) session.metadata = freshMetadata(p.metadata());
    deps.store.touch();
    return session;
  });

  router.add("GET", "/v1/checkout/sessions", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "payment_intent", "customer", "customer_details", "status", "subscription", "payment_link", "created"]);
    const pi = p.string("payment_intent");
    const customer = p.string("customer");
    const status = p.oneOf("status", ["open", "complete", "expired"] as const);
    const subscription = p.string("subscription");
    const email = p.object("customer_details")?.string("email");
    const items = deps.store
      .list<CheckoutSession>("checkout.session")
      .filter((s) => !pi || s.payment_intent === pi)
      .filter((s) => !customer || s.customer === customer)
      .filter((s) => !status || s.status === status)
      .filter((s) => !subscription || s.subscription === subscription)
      .filter((s) => !email || s.customer_details?.email === email);
    return paginate(items, p, "/v1/checkout/sessions");
  });

  router.add("GET", "/v1/checkout/sessions/:id/line_items", (deps, req) => {
    const session = getSession(deps, req.path.get("id"));
    const p = req.params.allowOnly([...LIST_PARAMS]);
    return paginate(deps.store.internal.sessions[session.id]?.lineItems ?? [], p, `/v1/checkout/sessions/${session.id}/line_items`);
  });

  router.add("POST", "/v1/checkout/sessions/:id/expire", (deps, req) => {
    req.params.allowOnly([]);
    return expireSession(deps, req.path.get("id"));
  });
}
