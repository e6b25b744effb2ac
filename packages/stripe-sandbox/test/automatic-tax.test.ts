import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advance, FEB_1, HOUR, JAN_1 } from "./billing-helpers";
import { missingFixtureKeys } from "./fixtures";
import { control, startHarness, type Harness } from "./helpers";

type PayReply = { status: string; error?: { message: string; param?: string }; payment_intent: Stripe.PaymentIntent | null };

describe("automatic tax in Checkout", () => {
  let h: Harness;
  let exclusive: Stripe.Price;
  let inclusive: Stripe.Price;
  beforeEach(async () => {
    h = await startHarness();
    const product = await h.stripe.products.create({ name: "Coin pack" });
    exclusive = await h.stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd", tax_behavior: "exclusive" });
    inclusive = await h.stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd", tax_behavior: "inclusive" });
  });
  afterEach(() => h.close());

  const taxed = (price: Stripe.Price, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
    h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id, quantity: 2 }], automatic_tax: { enabled: true }, success_url: "https://shop.example/ok", ...extra });
  const pay = (id: string, body: Record<string, unknown>) => control<PayReply>(h.sandbox, `/_sandbox/checkout/sessions/${id}/pay`, body);

  it("adds exclusive tax from the buyer's country to the session, its line items and the PaymentIntent", async () => {
    const s = await taxed(exclusive);
    expect(s).toMatchObject({ automatic_tax: { enabled: true, status: "requires_location_inputs" }, amount_total: 3000, total_details: { amount_tax: 0 } });
    expect((await pay(s.id, {})).json.error).toMatchObject({ message: "Select your country or region.", param: "address[country]" });

    const reply = await pay(s.id, { address: { country: "DE", postal_code: "10115" } });
    expect(reply.json.payment_intent?.amount).toBe(3570);
    const done = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ["line_items.data.taxes", "total_details.breakdown"] });
    expect(done).toMatchObject({ amount_subtotal: 3000, amount_total: 3570, total_details: { amount_tax: 570 }, automatic_tax: { enabled: true, status: "complete", provider: "stripe" } });
    expect(done.customer_details?.address).toMatchObject({ country: "DE", postal_code: "10115" });
    const line = done.line_items?.data[0];
    expect(line).toMatchObject({ amount_subtotal: 3000, amount_tax: 570, amount_total: 3570 });
    const rate = line?.taxes?.[0]?.rate as Stripe.TaxRate;
    expect(line?.taxes?.[0]).toMatchObject({ amount: 570, taxability_reason: "standard_rated", taxable_amount: 3000 });
    expect(rate).toMatchObject({ object: "tax_rate", country: "DE", percentage: 19, inclusive: false, tax_type: "vat", display_name: "VAT" });
    expect(missingFixtureKeys("tax_rate", rate)).toEqual([]);
    expect(done.total_details?.breakdown?.taxes).toEqual([{ amount: 570, rate, taxability_reason: "standard_rated", taxable_amount: 3000 }]);
  });

  it("takes inclusive tax out of the price without changing what is paid", async () => {
    const s = await taxed(inclusive);
    const reply = await pay(s.id, { country: "GB" });
    expect(reply.json.payment_intent?.amount).toBe(3000);
    expect(await h.stripe.checkout.sessions.retrieve(s.id)).toMatchObject({ amount_total: 3000, total_details: { amount_tax: 500 } });
  });

  it("needs a US ZIP code, uses the state's rate, and charges nothing where the account does not collect", async () => {
    const ny = await taxed(exclusive);
    expect((await pay(ny.id, { country: "US" })).json.error?.message).toBe("Your ZIP code is incomplete.");
    expect((await pay(ny.id, { country: "US", postal_code: "10001" })).json.payment_intent?.amount).toBe(3266);
    const il = await taxed(exclusive);
    await pay(il.id, { country: "US", postal_code: "60601" });
    expect(await h.stripe.checkout.sessions.retrieve(il.id)).toMatchObject({ amount_total: 3000, total_details: { amount_tax: 0 }, automatic_tax: { status: "complete" } });
  });

  it("taxes the discounted amount, and shows tax before paying through the address control", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20 });
    const s = await taxed(exclusive, { discounts: [{ coupon: coupon.id }] });
    const located = await control<Stripe.Checkout.Session>(h.sandbox, `/_sandbox/checkout/sessions/${s.id}/address`, { country: "DE" });
    expect(located.json).toMatchObject({ amount_subtotal: 3000, amount_total: 2856, total_details: { amount_discount: 600, amount_tax: 456 } });
  });

  it("refuses prices without a tax_behavior, and a customer tax can't locate, as Stripe does", async () => {
    const product = await h.stripe.products.create({ name: "Sticker" });
    const unspecified = await h.stripe.prices.create({ product: product.id, unit_amount: 500, currency: "usd" });
    await expect(taxed(unspecified)).rejects.toMatchObject({ param: "line_items[0][price]", message: expect.stringContaining("tax_behavior") as unknown });
    const customer = await h.stripe.customers.create({ email: "nowhere@example.com" });
    await expect(taxed(exclusive, { customer: customer.id })).rejects.toMatchObject({
      code: "customer_tax_location_invalid",
      message: expect.stringContaining("Automatic tax calculation in Checkout requires a valid address on the Customer.") as unknown,
    });
    await expect(taxed(exclusive, { customer: customer.id, customer_update: { address: "auto" } })).resolves.toMatchObject({ automatic_tax: { status: "requires_location_inputs" } });
    const located = await h.stripe.customers.create({ email: "paris@example.com", address: { country: "FR", postal_code: "75001" } });
    await expect(taxed(exclusive, { customer: located.id })).resolves.toMatchObject({ amount_total: 3600, automatic_tax: { status: "complete" } });
  });

  it("lets a price's unspecified tax_behavior be chosen once, and not changed after", async () => {
    const product = await h.stripe.products.create({ name: "Sticker" });
    const price = await h.stripe.prices.create({ product: product.id, unit_amount: 500, currency: "usd" });
    expect(price.tax_behavior).toBe("unspecified");
    expect((await h.stripe.prices.update(price.id, { tax_behavior: "inclusive" })).tax_behavior).toBe("inclusive");
    await expect(h.stripe.prices.update(price.id, { tax_behavior: "exclusive" })).rejects.toMatchObject({ param: "tax_behavior" });
  });

  it("asks for the country and postal code on the hosted page, and a full address when required", async () => {
    const s = await taxed(exclusive);
    const html = await (await fetch(String(s.url))).text();
    expect(html).toContain('<label for="country">Country or region</label>');
    expect(html).toContain('<label for="postalCode">Postal code</label>');
    const form = { email: "a@example.com", method: "card", cardNumber: "4242424242424242", cardExpiry: "12 / 34", cardCvc: "123", country: "NL", postalCode: "1011" };
    const updated = await fetch(`${String(s.url)}/address`, { method: "POST", body: new URLSearchParams(form) });
    expect(await updated.text()).toMatch(/data-testid="tax">\$6\.30</);

    const full = await taxed(exclusive, { billing_address_collection: "required" });
    const page = await (await fetch(String(full.url))).text();
    expect(page).toContain('<label for="line1">Address line 1</label>');
    const refused = await fetch(String(full.url), { method: "POST", body: new URLSearchParams(form) });
    expect(await refused.text()).toContain('<div role="alert">Your billing address is incomplete.</div>');
  });

  it("taxes a subscription's invoices at the customer's address, saved by Checkout", async () => {
    const product = await h.stripe.products.create({ name: "Starter" });
    const monthly = await h.stripe.prices.create({ product: product.id, unit_amount: 1000, currency: "usd", recurring: { interval: "month" }, tax_behavior: "exclusive" });
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await h.stripe.customers.create({ email: "sub@example.com", test_clock: clock.id });
    const s = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      customer_update: { address: "auto" },
      automatic_tax: { enabled: true },
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: "https://shop.example/ok",
    });
    await pay(s.id, { card: "4242424242424242", address: { country: "AU", postal_code: "2000" } });
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ address: { country: "AU", postal_code: "2000" } });
    const done = await h.stripe.checkout.sessions.retrieve(s.id);
    const sub = await h.stripe.subscriptions.retrieve(String(done.subscription));
    expect(sub.automatic_tax.enabled).toBe(true);
    const first = await h.stripe.invoices.retrieve(String(done.invoice));
    expect(first).toMatchObject({ subtotal: 1000, total: 1100, total_excluding_tax: 1000, amount_paid: 1100, automatic_tax: { enabled: true, status: "complete" } });
    expect(first.total_taxes?.[0]).toMatchObject({ amount: 100, tax_behavior: "exclusive", taxability_reason: "standard_rated", taxable_amount: 1000, type: "tax_rate_details" });
    expect(first.lines.data[0]?.taxes?.[0]).toMatchObject({ amount: 100 });
    await advance(h, clock.id, FEB_1 + 2 * HOUR);
    expect(await h.stripe.invoices.retrieve(String((await h.stripe.subscriptions.retrieve(sub.id)).latest_invoice))).toMatchObject({ status: "paid", total: 1100 });
  });
});
