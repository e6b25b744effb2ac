import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { stripe } from "@/lib/stripe-gateway/client";
import { parsePurchaseSearch, type PurchaseSearch } from "@/lib/admin/purchases/search-input";
import { searchPurchases } from "@/lib/admin/purchases/search";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// The console's one search box and its filters, on real PostgreSQL: each kind of id finds its
// purchase and nothing else, and the filters narrow together.

function searchFor(fields: Record<string, string>): PurchaseSearch {
  const parsed = parsePurchaseSearch(new URLSearchParams(fields));
  if (!parsed.ok) throw new Error(`refused: ${parsed.problem}`);
  return parsed.search;
}

async function sessionsFound(fields: Record<string, string>): Promise<string[]> {
  return (await searchPurchases(searchFor(fields))).purchases.map((purchase) => purchase.checkoutSessionId);
}

interface Made {
  session: string;
  status?: PaymentStatus;
  productKey?: string;
  createdAt?: string;
  paymentIntentId?: string;
  subscriptionId?: string;
}

async function purchaseOf(buyer: TestBuyer, made: Made): Promise<void> {
  await db.purchase.create({
    data: {
      checkoutSessionId: made.session,
      userId: buyer.id,
      productKey: made.productKey ?? "medium_pack",
      mode: made.subscriptionId ? "subscription" : "payment",
      amountCents: 500,
      currency: "usd",
      status: made.status ?? "paid",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      paymentIntentId: made.paymentIntentId,
      subscriptionId: made.subscriptionId,
      ...(made.createdAt && { createdAt: new Date(made.createdAt) }),
    },
  });
}

describe("finding a purchase by what the operator has at hand", () => {
  let ada: TestBuyer;
  let bob: TestBuyer;
  beforeAll(async () => {
    [ada, bob] = [await signUpBuyer("Ada"), await signUpBuyer("Bob")];
    await purchaseOf(ada, { session: "cs_test_ada_pack", paymentIntentId: "pi_ada_pack", createdAt: "2026-04-01T00:00:00Z" });
    await purchaseOf(ada, { session: "cs_test_ada_plan", productKey: "starter", subscriptionId: "sub_ada_plan", paymentIntentId: "pi_ada_plan", createdAt: "2026-04-02T00:00:00Z" });
    await purchaseOf(bob, { session: "cs_test_bob_pack", paymentIntentId: "pi_bob_pack" });
  });

  it("finds every purchase of a buyer by their email, typed in any case and with spaces around it", async () => {
    expect(await sessionsFound({ q: `  ${ada.email.toUpperCase()} ` })).toEqual(["cs_test_ada_plan", "cs_test_ada_pack"]);
    expect(await sessionsFound({ q: bob.email })).toEqual(["cs_test_bob_pack"]);
  });

  it("finds exactly one purchase by its cs_, pi_ or sub_ id, and a buyer's purchases by their user id", async () => {
    expect(await sessionsFound({ q: "cs_test_ada_pack" })).toEqual(["cs_test_ada_pack"]);
    expect(await sessionsFound({ q: "pi_bob_pack" })).toEqual(["cs_test_bob_pack"]);
    expect(await sessionsFound({ q: "sub_ada_plan" })).toEqual(["cs_test_ada_plan"]);
    expect(await sessionsFound({ q: bob.id })).toEqual(["cs_test_bob_pack"]);
  });

  it("finds nothing for an email, id or user nobody has", async () => {
    for (const q of ["nobody@example.com", "cs_test_nobody", "pi_nobody", "sub_nobody", "user_nobody", ada.email.replace("@", "x@")]) {
      expect(await searchPurchases(searchFor({ q }))).toEqual({ purchases: [], newer: null, older: null });
    }
  });

  it("answers each purchase with its buyer's email and what the operator needs to recognize it", async () => {
    const [found] = (await searchPurchases(searchFor({ q: "cs_test_bob_pack" }))).purchases;
    expect(found).toMatchObject({
      checkoutSessionId: "cs_test_bob_pack",
      userId: bob.id,
      email: bob.email,
      productKey: "medium_pack",
      amountCents: 500,
      status: "paid",
      refundedCents: 0,
      disputed: false,
      paymentIntentId: "pi_bob_pack",
    });
  });
});

describe("filters", () => {
  let buyer: TestBuyer;
  beforeAll(async () => {
    buyer = await signUpBuyer();
    await purchaseOf(buyer, { session: "cs_test_f_paid_pack_may1", createdAt: "2026-05-01T00:00:00Z" });
    await purchaseOf(buyer, { session: "cs_test_f_paid_pack_may2_late", createdAt: "2026-05-02T23:59:59.999Z" });
    await purchaseOf(buyer, { session: "cs_test_f_failed_pack_may2", status: "failed", createdAt: "2026-05-02T10:00:00Z" });
    await purchaseOf(buyer, { session: "cs_test_f_paid_large_may2", productKey: "large_pack", createdAt: "2026-05-02T11:00:00Z" });
    await purchaseOf(buyer, { session: "cs_test_f_paid_pack_may3", createdAt: "2026-05-03T00:00:00Z" });
  });

  it("narrows by outcome, product and UTC days together, each day counted whole", async () => {
    const q = buyer.id;
    expect(await sessionsFound({ q, status: "failed" })).toEqual(["cs_test_f_failed_pack_may2"]);
    expect(await sessionsFound({ q, product: "large_pack" })).toEqual(["cs_test_f_paid_large_may2"]);
    expect(await sessionsFound({ q, from: "2026-05-02", to: "2026-05-02" })).toEqual([
      "cs_test_f_paid_pack_may2_late",
      "cs_test_f_paid_large_may2",
      "cs_test_f_failed_pack_may2",
    ]);
    expect(await sessionsFound({ q, status: "paid", product: "medium_pack", from: "2026-05-02" })).toEqual(["cs_test_f_paid_pack_may3", "cs_test_f_paid_pack_may2_late"]);
    expect(await sessionsFound({ q, status: "paid", product: "medium_pack", to: "2026-05-01" })).toEqual(["cs_test_f_paid_pack_may1"]);
    expect(await sessionsFound({ q, status: "expired" })).toEqual([]);
  });

  it("treats the form's empty fields as any", async () => {
    expect(await sessionsFound({ q: buyer.id, status: "", product: "", from: "", to: "", cursor: "" })).toHaveLength(5);
  });
});

describe("a subscription's invoice", () => {
  let sandbox: TestStripe;
  beforeAll(async () => {
    sandbox = await startTestStripe();
  });
  afterAll(() => sandbox.close());

  it("finds the subscription's purchase by an in_ id Stripe says bills it, and nothing for an invoice Stripe does not have", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    await sandbox.settled();
    const { subscriptionId } = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    const [invoice] = (await stripe().invoices.list({ subscription: subscriptionId ?? "" })).data;

    expect(await sessionsFound({ q: invoice?.id ?? "" })).toEqual([sessionId]);
    expect(await sessionsFound({ q: "in_nothing_here" })).toEqual([]);
  });
});
