import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as usageRoute } from "@/app/api/usage/route";
import { db } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

function spend(buyer: TestBuyer | null, body: unknown): Promise<Response> {
  const headers = new Headers(buyer?.headers);
  headers.set("content-type", "application/json");
  return usageRoute(new Request("http://app.test/api/usage", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

async function buy(buyer: TestBuyer, product: "starter" | "lifetime" | "small_pack"): Promise<void> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId(product));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
}

const key = () => `gen-${crypto.randomUUID()}`;

describe("POST /api/usage", () => {
  it("uses the plan's monthly allowance first, then coins at 10 a generation", async () => {
    const buyer = await signUpBuyer();
    await buy(buyer, "starter");
    await buy(buyer, "small_pack");
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 99 } });

    const last = await spend(buyer, { feature: "generation", idempotencyKey: key() });
    const paid = await spend(buyer, { feature: "generation", idempotencyKey: key() });

    expect(last.status).toBe(201);
    expect(await last.json()).toEqual({ source: "allowance", coinsSpent: 0, coinBalance: 200 });
    expect(await paid.json()).toEqual({ source: "coins", coinsSpent: 10, coinBalance: 190 });
    expect((await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).allowanceUsed).toBe(100);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 190, ledgerEntries: 2, ledgerSum: 190 });
  });

  it("never runs out on an unlimited plan", async () => {
    const buyer = await signUpBuyer();
    await buy(buyer, "lifetime");
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 100_000 } });

    expect(await (await spend(buyer, { feature: "generation", idempotencyKey: key() })).json()).toMatchObject({ source: "allowance" });
  });

  it("answers 402 insufficient_balance without a plan or enough coins, and spends nothing", async () => {
    const buyer = await signUpBuyer();

    const refused = await spend(buyer, { feature: "generation", idempotencyKey: key() });

    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ error: { code: "insufficient_balance" } });
    expect(await db.usageSpend.count({ where: { userId: buyer.id } })).toBe(0);
  });

  it("spends exactly the coins there are when 50 spends arrive at once, never going below zero", async () => {
    const buyer = await signUpBuyer();
    await buy(buyer, "small_pack");

    const answers = await Promise.all(Array.from({ length: 50 }, () => spend(buyer, { feature: "generation", idempotencyKey: key() })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 402)).toHaveLength(30);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 21, ledgerSum: 0 });
  });

  it("spends once per idempotency key, however many copies arrive at once", async () => {
    const buyer = await signUpBuyer();
    await buy(buyer, "small_pack");
    const once = key();

    const answers = await Promise.all(Array.from({ length: 50 }, () => spend(buyer, { feature: "generation", idempotencyKey: once })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(49);
    expect((await coinsOf(buyer.id)).balance).toBe(190);
  });

  it("refuses a reused key with another feature with 409, and bad requests with 400, changing nothing", async () => {
    const buyer = await signUpBuyer();
    await buy(buyer, "small_pack");
    const used = key();
    await spend(buyer, { feature: "generation", idempotencyKey: used });

    const reused = await spend(buyer, { feature: "upscale", idempotencyKey: used });
    const noKey = await spend(buyer, { feature: "generation" });
    const unknown = await spend(buyer, { feature: "upscale", idempotencyKey: key() });

    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });
    expect(noKey.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect((await coinsOf(buyer.id)).balance).toBe(190);
  });

  it("asks for sign-in first", async () => {
    const anonymous = await spend(null, { feature: "generation", idempotencyKey: key() });
    expect(anonymous.status).toBe(401);
  });
});
