import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { searchBuyers } from "@/lib/admin/buyers/search";
import { db } from "@/lib/db";
import { signUpBuyer } from "@/test-support/buyers";

// What an operator can paste into the buyer search and still find the buyer: the email in any
// case, the user id, either Stripe customer, or the id of one of their payments.

async function buyerWithPurchase() {
  const buyer = await signUpBuyer("Ada Lovelace");
  const suffix = randomUUID().replaceAll("-", "");
  const ids = { customer: `cus_${suffix}`, session: `cs_test_${suffix}`, payment: `pi_${suffix}`, subscription: `sub_${suffix}` };
  await db.user.update({ where: { id: buyer.id }, data: { stripeLiveCustomerId: ids.customer } });
  await db.purchase.create({
    data: {
      checkoutSessionId: ids.session,
      userId: buyer.id,
      productKey: "starter",
      mode: "subscription",
      amountCents: 500,
      currency: "usd",
      status: "paid",
      expiresAt: new Date(),
      paymentIntentId: ids.payment,
      subscriptionId: ids.subscription,
    },
  });
  return { buyer, ids };
}

describe("the buyer search", () => {
  it("finds the buyer by their email in any case, their id, their live customer and each payment id", async () => {
    const { buyer, ids } = await buyerWithPurchase();
    const queries = [buyer.email.toUpperCase(), ` ${buyer.id} `, ids.customer, ids.session, ids.payment, ids.subscription];

    for (const query of queries) {
      const { hits } = await searchBuyers(query);
      expect(hits, query).toEqual([expect.objectContaining({ id: buyer.id, email: buyer.email, name: "Ada Lovelace", coinBalance: 0, planTier: null })]);
    }
  });

  it("says which kind of id it read the query as", async () => {
    expect((await searchBuyers("someone@example.com")).kind).toBe("email");
    expect((await searchBuyers("cus_1")).kind).toBe("customer");
    expect((await searchBuyers("cs_live_1")).kind).toBe("checkout_session");
    expect((await searchBuyers("pi_1")).kind).toBe("payment_intent");
    expect((await searchBuyers("sub_1")).kind).toBe("subscription");
    expect((await searchBuyers("user_1")).kind).toBe("user_id");
  });

  it("finds no one for part of an email, an unknown id, nothing at all, or a query longer than any id", async () => {
    const { buyer } = await buyerWithPurchase();
    for (const query of [buyer.email.slice(0, 12), "cus_nobody", "", "   ", `${"x".repeat(400)}@example.com`]) {
      expect((await searchBuyers(query)).hits, query).toEqual([]);
    }
  });
});
