import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { errorOf, getAuth, newNetwork, PASSWORD, postAuth, signIn, type Caller } from "@/test-support/auth-requests";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { recordTimeline } from "@/test-support/timeline";

// Deleting an account (better-auth's deleteUser, password required): nothing bills the person
// afterwards, and what the store must keep for its accounting (purchases, the coin ledger) stays,
// held by a nameless stand-in instead of the person.

let sandbox: TestStripe;
beforeAll(async () => {
  // Webhooks stay undelivered: the status poll settles each payment, and no delivery's own Stripe
  // reads overlap the deletion's transaction on the timeline below.
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

function callerOf(buyer: TestBuyer): Caller {
  return { ip: newNetwork("10.79"), cookie: buyer.headers.get("cookie") ?? "" };
}

const deleteAccount = (caller: Caller, body: object) => postAuth("/delete-user", caller, body);

async function paid(buyer: TestBuyer, product: "starter" | "small_pack"): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId(product));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  return sessionId;
}

describe("deleting an account", () => {
  it("cancels the buyer's subscription at Stripe, outside any transaction, and keeps their purchases and ledger detached from them", async () => {
    const buyer = await signUpBuyer();
    const subscribed = await paid(buyer, "starter");
    const pack = await paid(buyer, "small_pack");
    const { stripeTestCustomerId: customer } = await db.user.findUniqueOrThrow({ where: { id: buyer.id } });
    const caller = callerOf(buyer);

    const { result: answer, timeline } = await recordTimeline(() => deleteAccount(caller, { password: PASSWORD }));

    expect(answer.status).toBe(200);
    expect(timeline.stripeCallsInTransactions()).toEqual([]);
    const subscriptions = await stripe().subscriptions.list({ customer: customer ?? "", status: "all" });
    expect(subscriptions.data.map((subscription) => subscription.status)).toEqual(["canceled"]);
    expect(await db.user.count({ where: { id: buyer.id } })).toBe(0);
    const purchases = await db.purchase.findMany({ where: { checkoutSessionId: { in: [subscribed, pack] } }, include: { user: true } });
    expect(purchases).toHaveLength(2);
    const [standIn] = new Set(purchases.map((purchase) => purchase.user));
    expect(standIn).toMatchObject({ name: "", email: expect.stringMatching(/^deleted-.*@deleted\.invalid$/), banned: true, stripeTestCustomerId: customer });
    const ledger = await db.coinLedgerEntry.findMany({ where: { userId: purchases[0]?.userId } });
    expect(ledger.reduce((sum, entry) => sum + entry.delta, 0)).toBe(purchases[0]?.user.coinBalance);
    expect(ledger.length).toBeGreaterThan(0);
    expect(await (await getAuth("/get-session", caller)).json()).toBeNull();
    expect((await signIn({ ip: newNetwork("10.79") }, buyer.email)).status).toBe(401);
  });

  it.each<[string, object, string]>([
    ["without the password", {}, "password_required"],
    ["with an empty password", { password: "" }, "password_required"],
    ["with a wrong password", { password: "not my password at all" }, "wrong_password"],
  ])("refuses a deletion %s with 400 in the API's error shape, deleting nothing", async (_case, body, code) => {
    const buyer = await signUpBuyer();

    expect(await errorOf(await deleteAccount(callerOf(buyer), body))).toMatchObject({ status: 400, code });
    expect(await db.user.count({ where: { id: buyer.id } })).toBe(1);
  });

  it("deletes nothing while Stripe cannot be reached, so no subscription is left billing a deleted account", async () => {
    const buyer = await signUpBuyer();
    await paid(buyer, "starter");
    const reachable = process.env.STRIPE_API_BASE;
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    let answer: Response;
    try {
      answer = await deleteAccount(callerOf(buyer), { password: PASSWORD });
    } finally {
      process.env.STRIPE_API_BASE = reachable;
    }

    expect(await errorOf(answer)).toMatchObject({ status: 503, code: "stripe_unavailable" });
    expect(await db.user.count({ where: { id: buyer.id } })).toBe(1);
    expect(await db.plan.findUnique({ where: { userId: buyer.id } })).toMatchObject({ status: "active" });
  });
});
