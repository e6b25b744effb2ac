import type Stripe from "stripe";
import type { StripeEvent } from "../src/objects/event";
import { control, type Harness } from "./helpers";

/** 2026-01-01T00:00:00Z: a 31-day first period, so proration shares are easy to check by hand. */
export const JAN_1 = 1767225600;
export const FEB_1 = 1769904000;
export const MAR_1 = 1772323200;
export const HOUR = 3600;
export const DAY = 86_400;

export type ClockSubscription = { clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; subscription: Stripe.Subscription; price: Stripe.Price };

export async function monthlyPrice(stripe: Stripe, name: string, unitAmount: number): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name });
  return stripe.prices.create({ product: product.id, unit_amount: unitAmount, currency: "usd", recurring: { interval: "month" } });
}

/** A customer on a fresh test clock at Jan 1 who subscribed through Checkout with the given card. */
export async function subscribeOnClock(
  h: Harness,
  options: { price?: Stripe.Price; card?: string; session?: Partial<Stripe.Checkout.SessionCreateParams> } = {},
): Promise<ClockSubscription> {
  const { stripe } = h;
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_1, name: "billing" });
  const customer = await stripe.customers.create({ email: "buyer@example.com", test_clock: clock.id });
  const price = options.price ?? (await monthlyPrice(stripe, "Pro plan", 1000));
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "https://shop.example/success",
    cancel_url: "https://shop.example/cart",
    ...options.session,
  });
  await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card: options.card ?? "4242424242424242" });
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  const subscription = await stripe.subscriptions.retrieve(String(completed.subscription));
  return { clock, customer, subscription, price };
}

/** Advances and waits (by polling the clock, as Stripe advises) until the clock is ready again. */
export async function advance(h: Harness, clockId: string, frozenTime: number): Promise<void> {
  const started = await h.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  if (started.status !== "advancing") throw new Error(`advance answered ${started.status}`);
  while ((await h.stripe.testHelpers.testClocks.retrieve(clockId)).status !== "ready") await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Events emitted after `mark` (a count from `eventCount`), in emission order. */
export function eventsSince(h: Harness, mark: number): StripeEvent[] {
  return h.sandbox.runtime.store.list<StripeEvent>("event").reverse().slice(mark);
}

export function eventCount(h: Harness): number {
  return h.sandbox.runtime.store.list<StripeEvent>("event").length;
}

export function typesSince(h: Harness, mark: number): string[] {
  return eventsSince(h, mark).map((e) => e.type);
}

/** Makes 4000000000000341 (attaches, every charge fails) the subscription's default payment method. */
export async function switchToFailingCard(stripe: Stripe, cs: ClockSubscription): Promise<Stripe.PaymentMethod> {
  const pm = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: cs.customer.id });
  await stripe.subscriptions.update(cs.subscription.id, { default_payment_method: pm.id });
  return pm;
}
