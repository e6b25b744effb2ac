import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { control, startHarness, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type PayReply = { status: string; payment_intent: Stripe.PaymentIntent | null };

/** Pays a session through the control, as a buyer at `address` would, and opens its charge's receipt page. */
async function paidReceipt(session: Stripe.Checkout.Session, address: Record<string, string> = {}): Promise<{ charge: Stripe.Charge; page: string }> {
  const reply = await control<PayReply>(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { address });
  expect(reply.json.status).toBe("complete");
  const pi = await h.stripe.paymentIntents.retrieve(String(reply.json.payment_intent?.id), { expand: ["latest_charge"] });
  const charge = pi.latest_charge as Stripe.Charge;
  return { charge, page: await receiptPage(charge) };
}

async function receiptPage(charge: Stripe.Charge): Promise<string> {
  const res = await fetch(String(charge.receipt_url));
  expect(res.status).toBe(200);
  return res.text();
}

const text = (fragment: string) => fragment.replace(/<[^>]+>/g, "").trim();

/** The items table's body rows, each as "item amount". */
function itemRows(page: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? "").matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => text(cell[1] ?? "")).join(" "));
}

/** The summary list's rows, each as "term amount", as the storefront's browser tests read such lists. */
function summaryRows(page: string): string[] {
  return [...page.matchAll(/<div><dt>([\s\S]*?)<\/dt><dd[^>]*>([\s\S]*?)<\/dd><\/div>/g)].map((row) => `${text(row[1] ?? "")} ${text(row[2] ?? "")}`);
}

async function taxedPrice(name: string, amount: number, taxBehavior: "exclusive" | "inclusive"): Promise<Stripe.Price> {
  const product = await h.stripe.products.create({ name });
  return h.stripe.prices.create({ product: product.id, unit_amount: amount, currency: "usd", tax_behavior: taxBehavior });
}

describe("a charge's receipt page", () => {
  it("lists a Checkout payment's items, its promotion code, the tax rate and the total paid, and later the refund", async () => {
    const coins = await taxedPrice("Coin pack", 1500, "exclusive");
    const sticker = await taxedPrice("Sticker", 500, "exclusive");
    const coupon = await h.stripe.coupons.create({ percent_off: 20, name: "Launch week" });
    const promo = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "LAUNCH20" });
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: coins.id, quantity: 2 }, { price: sticker.id, quantity: 1 }],
      discounts: [{ promotion_code: promo.id }],
      automatic_tax: { enabled: true },
      success_url: "https://shop.example/ok",
    });
    const { charge, page } = await paidReceipt(session, { country: "DE", postal_code: "10115" });

    expect(charge.amount).toBe(3332);
    expect(page).toContain("<h2 id=\"receipt-items\">Items</h2>");
    expect(itemRows(page)).toEqual(["Coin pack × 2 $30.00", "Sticker × 1 $5.00"]);
    expect(summaryRows(page)).toEqual(["Subtotal $35.00", "Discount (LAUNCH20) −$7.00", "VAT (19%) $5.32", "Total paid $33.32"]);

    await h.stripe.refunds.create({ charge: charge.id, amount: 1000 });
    expect(summaryRows(await receiptPage(charge))).toEqual(["Subtotal $35.00", "Discount (LAUNCH20) −$7.00", "VAT (19%) $5.32", "Total paid $33.32", "Refunded −$10.00"]);
  });

  it("names a coupon applied without a code, and tax included in the price as included", async () => {
    const pack = await taxedPrice("Coin pack", 1200, "inclusive");
    const coupon = await h.stripe.coupons.create({ amount_off: 200, currency: "usd", name: "Welcome back" });
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: pack.id, quantity: 1 }],
      discounts: [{ coupon: coupon.id }],
      automatic_tax: { enabled: true },
      success_url: "https://shop.example/ok",
    });
    const { page } = await paidReceipt(session, { country: "GB" });
    expect(itemRows(page)).toEqual(["Coin pack × 1 $12.00"]);
    expect(summaryRows(page)).toEqual(["Subtotal $12.00", "Discount (Welcome back) −$2.00", "VAT (20%, included) $1.67", "Total paid $10.00"]);
  });

  it("shows an undiscounted, untaxed Checkout payment as its items, subtotal and total paid", async () => {
    const product = await h.stripe.products.create({ name: "T-shirt" });
    const price = await h.stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd" });
    const session = await h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id, quantity: 2 }], success_url: "https://shop.example/ok" });
    const { page } = await paidReceipt(session);
    expect(itemRows(page)).toEqual(["T-shirt × 2 $30.00"]);
    expect(summaryRows(page)).toEqual(["Subtotal $30.00", "Total paid $30.00"]);
  });

  it("shows a charge made outside Checkout as its amount alone", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: "usd", payment_method: "pm_card_visa", confirm: true, description: "Top-up", expand: ["latest_charge"] });
    const page = await receiptPage(pi.latest_charge as Stripe.Charge);
    expect(page).toContain("<h1>Receipt</h1>");
    expect(page).toContain("$20.00 — succeeded");
    expect(page).toContain(" for Top-up</p>");
    expect(page).not.toContain("Items");
    expect(summaryRows(page)).toEqual([]);
  });

  it("answers 404 for a charge it does not have", async () => {
    expect((await fetch(`${h.sandbox.url}/receipts/ch_nosuchcharge`)).status).toBe(404);
  });
});
