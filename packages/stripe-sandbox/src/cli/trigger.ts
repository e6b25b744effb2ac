import { ApiClient } from "./api-client";
import { flag, type Args } from "./args";

type Obj = { id: string; [key: string]: unknown };

/** Same fixtures as the Stripe CLI: a product, a $15 price, a session for quantity 2, then confirm. */
async function paymentSession(api: ApiClient): Promise<Obj> {
  console.log("Setting up fixture for: product");
  const product = await api.request<Obj>("POST", "/v1/products", { name: "myproduct" });
  console.log("Setting up fixture for: price");
  const price = await api.request<Obj>("POST", "/v1/prices", { product: product.id, unit_amount: 1500, currency: "usd" });
  console.log("Setting up fixture for: checkout_session");
  return api.request<Obj>("POST", "/v1/checkout/sessions", {
    mode: "payment",
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: "https://httpbin.org/post",
    cancel_url: "https://httpbin.org/post",
  });
}

async function subscriptionSession(api: ApiClient): Promise<Obj> {
  const product = await api.request<Obj>("POST", "/v1/products", { name: "myproduct" });
  const price = await api.request<Obj>("POST", "/v1/prices", { product: product.id, unit_amount: 1500, currency: "usd", recurring: { interval: "month" } });
  return api.request<Obj>("POST", "/v1/checkout/sessions", { mode: "subscription", line_items: [{ price: price.id, quantity: 1 }], success_url: "https://httpbin.org/post" });
}

async function pay(api: ApiClient, session: Obj, body: Record<string, unknown>): Promise<Obj> {
  console.log("Running fixture for: payment_page_confirm");
  const { json } = await api.control<{ payment_intent: Obj | null }>("POST", `/_sandbox/checkout/sessions/${session.id}/pay`, body);
  if (!json.payment_intent) throw new Error("confirmation failed");
  return json.payment_intent;
}

async function intent(api: ApiClient, paymentMethod: string): Promise<void> {
  console.log("Setting up fixture for: payment_intent");
  await api.request("POST", "/v1/payment_intents", { amount: 2000, currency: "usd", payment_method: paymentMethod, confirm: true, "payment_method_types": ["card"] }).catch((err: unknown) => {
    // A decline is the point of the *.failed triggers.
    if (!(err instanceof Error) || !err.message.includes("→ 402")) throw err;
  });
}

/** A paid $20 PaymentIntent on a test card token, without the decline tolerance of `intent`. */
async function paidIntent(api: ApiClient, paymentMethod: string): Promise<Obj> {
  console.log("Setting up fixture for: payment_intent");
  return api.request<Obj>("POST", "/v1/payment_intents", { amount: 2000, currency: "usd", payment_method: paymentMethod, confirm: true, "payment_method_types": ["card"] });
}

/** `pm_card_createDispute` opens the dispute inside the charge attempt, as on Stripe. */
async function dispute(api: ApiClient): Promise<Obj> {
  const pi = await paidIntent(api, "pm_card_createDispute");
  console.log("Running fixture for: list_disputes");
  const { data } = await api.request<{ data: Obj[] }>("GET", "/v1/disputes", { payment_intent: pi.id });
  const found = data[0];
  if (!found) throw new Error(`no dispute opened for ${pi.id}`);
  return found;
}

async function refund(api: ApiClient, paymentMethod: string): Promise<Obj> {
  const pi = await paidIntent(api, paymentMethod);
  console.log("Running fixture for: refund");
  return api.request<Obj>("POST", "/v1/refunds", { payment_intent: pi.id });
}

const TRIGGERS: Record<string, (api: ApiClient) => Promise<void>> = {
  "checkout.session.completed": async (api) => {
    await pay(api, await paymentSession(api), { card: "4242424242424242" });
  },
  "checkout.session.expired": async (api) => {
    const session = await paymentSession(api);
    console.log("Running fixture for: checkout_session_expire");
    await api.request("POST", `/v1/checkout/sessions/${session.id}/expire`);
  },
  "checkout.session.async_payment_succeeded": async (api) => {
    const pi = await pay(api, await paymentSession(api), { method: "async_bank_debit" });
    await api.control("POST", `/_sandbox/payment_intents/${pi.id}/settle`, { outcome: "succeeded" });
  },
  "checkout.session.async_payment_failed": async (api) => {
    const pi = await pay(api, await paymentSession(api), { method: "async_bank_debit" });
    await api.control("POST", `/_sandbox/payment_intents/${pi.id}/settle`, { outcome: "failed" });
  },
  "payment_intent.succeeded": (api) => intent(api, "pm_card_visa"),
  "payment_intent.payment_failed": (api) => intent(api, "pm_card_chargeDeclined"),
  "charge.succeeded": (api) => intent(api, "pm_card_visa"),
  "charge.failed": (api) => intent(api, "pm_card_chargeDeclined"),
  "charge.refunded": async (api) => {
    console.log("Setting up fixture for: payment_intent");
    const pi = await api.request<Obj>("POST", "/v1/payment_intents", { amount: 100, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    console.log("Running fixture for: refund");
    await api.request("POST", "/v1/refunds", { payment_intent: pi.id });
  },
  "charge.dispute.created": async (api) => {
    await dispute(api);
  },
  "charge.dispute.closed": async (api) => {
    const opened = await dispute(api);
    console.log("Running fixture for: close_dispute");
    await api.request("POST", `/v1/disputes/${opened.id}/close`);
  },
  // The failure and the settlement come later on Stripe; the controls bring them forward so the trigger ends with them.
  "refund.failed": async (api) => {
    const created = await refund(api, "pm_card_refundFail");
    await api.control("POST", `/_sandbox/refunds/${created.id}/fail`, {});
  },
  "refund.updated": async (api) => {
    const created = await refund(api, "pm_card_pendingRefund");
    await api.control("POST", `/_sandbox/refunds/${created.id}/settle`, {});
  },
  "customer.subscription.created": async (api) => {
    await pay(api, await subscriptionSession(api), { card: "4242424242424242" });
  },
  "invoice.paid": async (api) => {
    await pay(api, await subscriptionSession(api), { card: "4242424242424242" });
  },
  "customer.subscription.updated": async (api) => {
    const session = await subscriptionSession(api);
    await pay(api, session, { card: "4242424242424242" });
    const done = await api.request<Obj>("GET", `/v1/checkout/sessions/${session.id}`);
    await api.request("POST", `/v1/subscriptions/${String(done["subscription"])}`, { cancel_at_period_end: true });
  },
  "invoice.payment_failed": async (api) => {
    // As a renewal fails on Stripe: a paid subscription whose card starts failing, on a test clock
    // attached to its customer, advanced past the period end and the hour the draft waits.
    const session = await subscriptionSession(api);
    await pay(api, session, { card: "4242424242424242" });
    const done = await api.request<Obj>("GET", `/v1/checkout/sessions/${session.id}`, { "expand[]": "subscription" });
    const subscription = done["subscription"] as { id: string; customer: string; items: { data: { current_period_start: number; current_period_end: number }[] } };
    const failing = await api.request<Obj>("POST", "/v1/payment_methods/pm_card_chargeCustomerFail/attach", { customer: subscription.customer });
    await api.request("POST", `/v1/subscriptions/${subscription.id}`, { default_payment_method: String(failing.id) });
    const period = subscription.items.data[0];
    if (!period) throw new Error(`subscription ${subscription.id} has no item`);
    const clock = await api.request<Obj>("POST", "/v1/test_helpers/test_clocks", { frozen_time: period.current_period_start, customer: subscription.customer });
    await api.request("POST", `/v1/test_helpers/test_clocks/${String(clock.id)}/advance`, { frozen_time: period.current_period_end + 7200 });
    for (let i = 0; i < 100 && (await api.request<Obj>("GET", `/v1/test_helpers/test_clocks/${String(clock.id)}`)).status !== "ready"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
  "customer.subscription.deleted": async (api) => {
    const session = await subscriptionSession(api);
    await pay(api, session, { card: "4242424242424242" });
    const done = await api.request<Obj>("GET", `/v1/checkout/sessions/${session.id}`);
    await api.request("DELETE", `/v1/subscriptions/${String(done["subscription"])}`);
  },
};

export const TRIGGER_NAMES = Object.keys(TRIGGERS);

export async function trigger(args: Args): Promise<void> {
  const name = args.positional[1];
  const run = name ? TRIGGERS[name] : undefined;
  if (!run) throw new Error(`unknown event for trigger: ${name ?? "(none)"}; supported: ${TRIGGER_NAMES.join(", ")}`);
  await run(new ApiClient(flag(args, "api-base") ?? "http://127.0.0.1:12111"));
  console.log("Trigger succeeded! Check dashboard for event details.");
}
