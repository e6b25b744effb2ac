import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, deliver as sendSigned, eventsAbout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Stripe's webhooks are switched off here: each test delivers the sandbox's real events itself,
// signed as Stripe signs them, so it controls duplicates, concurrency and order.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const SMALL_PACK_COINS = 200;

/**
 * Delivers an event as Stripe does and checks the answer: 200, unless the test says which status
 * it expects. A delivery whose answer nobody looked at could hide a 500.
 */
async function deliver(event: Stripe.Event | string, expected: { status?: number; signature?: string } = {}): Promise<Response> {
  const response = await sendSigned(event, expected.signature);
  const status = expected.status ?? 200;
  if (response.status !== status) {
    const what = typeof event === "string" ? event.slice(0, 60) : `${event.type} ${event.id}`;
    expect.fail(`the webhook answered ${what} with ${response.status} ${await response.text()}, not ${status}`);
  }
  return response;
}

async function paidSmallPack(buyer: TestBuyer, card = "4242424242424242"): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
  return sessionId;
}

async function onlyEvent(sessionId: string, type: string): Promise<Stripe.Event> {
  const [event] = await eventsAbout(sessionId, type);
  if (!event) throw new Error(`no ${type} event for ${sessionId}`);
  return event;
}

async function subscriptionEvent(type: string, subscriptionId: string): Promise<Stripe.Event> {
  const { data } = await stripe().events.list({ type, limit: 100 });
  const event = data.find((e) => (e.data.object as Stripe.Subscription).id === subscriptionId);
  if (!event) throw new Error(`no ${type} event for ${subscriptionId}`);
  return event;
}

async function purchaseStatus(sessionId: string): Promise<string> {
  return (await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).status;
}

describe("signature checks", () => {
  it("refuses an event signed with another secret with 400 and credits nothing", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");
    const payload = JSON.stringify(event);
    const forged = stripe().webhooks.generateTestHeaderString({ payload, secret: "whsec_not_the_secret" });

    const response = await deliver(payload, { signature: forged, status: 400 });

    expect(await response.json()).toMatchObject({ error: { code: "invalid_signature", type: "invalid_request_error" } });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });

  it("refuses a body changed after signing, and a request without a signature", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");
    const payload = JSON.stringify(event);
    const header = stripe().webhooks.generateTestHeaderString({ payload, secret: sandbox.webhookSecret });

    await deliver(payload.replace(event.id, "evt_tampered"), { signature: header, status: 400 });
    await deliver(payload, { signature: "", status: 400 });
    await deliver("not json at all", { signature: "t=1,v1=00", status: 400 });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });
});

describe("configuration", () => {
  it("answers 503 stripe_not_configured, and changes nothing, when no webhook secret is set", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    let response: Response;
    try {
      response = await deliver(JSON.stringify(event), { signature: "t=1,v1=00", status: 503 });
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = secret;
    }

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "stripe_not_configured" } });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });
});

describe("a card payment", () => {
  it("credits the pack's coins when checkout.session.completed arrives", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSmallPack(buyer);

    const response = await deliver(await onlyEvent(sessionId, "checkout.session.completed"));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "processed" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
    expect(await purchaseStatus(sessionId)).toBe("paid");
  });

  it.each(["payment_intent.succeeded", "charge.succeeded"])("credits the coins when only %s arrives", async (type) => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSmallPack(buyer);

    await deliver(await onlyEvent(sessionId, type));

    expect((await coinsOf(buyer.id)).balance).toBe(SMALL_PACK_COINS);
  });

  it("credits once when the same event is delivered twice, and a later replay changes nothing", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");

    await deliver(event);
    const second = await deliver(event);
    const replay = await deliver(event);

    expect(await second.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(replay.status).toBe(200);
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("credits once when 50 copies of one event arrive at the same time", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");

    const responses = await Promise.all(Array.from({ length: 50 }, () => deliver(event)));

    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("credits once when every event about the payment arrives at once, in any order", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSmallPack(buyer);
    const events = await eventsAbout(sessionId);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["checkout.session.completed", "payment_intent.succeeded", "charge.succeeded"]),
    );

    const responses = await Promise.all([...events].reverse().map((event) => deliver(event)));

    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("keeps a paid purchase paid when an expiry event for it arrives afterwards", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSmallPack(buyer);
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    // Stripe never expires a completed session, but a forged or misrouted expiry must not matter:
    // the handler re-reads the session from Stripe instead of trusting the payload.
    const other = await checkout(await signUpBuyer(), await sandbox.priceId("medium_pack"));
    await stripe().checkout.sessions.expire(other.sessionId);
    const expired = await onlyEvent(other.sessionId, "checkout.session.expired");
    const misrouted = { ...expired, id: `${expired.id}_x`, data: { object: { ...expired.data.object, id: sessionId } } };

    await deliver(misrouted as Stripe.Event);

    expect(await purchaseStatus(sessionId)).toBe("paid");
    expect((await coinsOf(buyer.id)).balance).toBe(SMALL_PACK_COINS);
  });

  it("answers 500 when the database fails, so Stripe retries, and the retry credits once", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");
    await db.$executeRawUnsafe(`ALTER TABLE "stripe_event" RENAME TO "stripe_event_offline"`);
    let failed: Response;
    try {
      failed = await deliver(event, { status: 500 });
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "stripe_event_offline" RENAME TO "stripe_event"`);
    }

    expect(failed.status).toBe(500);
    expect((await coinsOf(buyer.id)).balance).toBe(0);
    await deliver(event);
    expect((await coinsOf(buyer.id)).balance).toBe(SMALL_PACK_COINS);
  });
});

describe("a session the storefront has no row for", () => {
  it("is recovered from the session's metadata, so a crash between Stripe and our database loses no payment", async () => {
    const buyer = await signUpBuyer();
    // As if the process died after Stripe created the session but before the purchase was saved.
    const session = await stripe().checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: await sandbox.priceId("small_pack"), quantity: 1 }],
      metadata: { userId: buyer.id, productKey: "small_pack" },
      success_url: "http://app.test/success?session_id={CHECKOUT_SESSION_ID}",
    });
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    await deliver(await onlyEvent(session.id, "checkout.session.completed"));

    expect(await purchaseStatus(session.id)).toBe("paid");
    expect((await coinsOf(buyer.id)).balance).toBe(SMALL_PACK_COINS);
  });

  it("is ignored with 200 when it belongs to nobody here, such as a `stripe trigger` session", async () => {
    const session = await stripe().checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: await sandbox.priceId("small_pack"), quantity: 1 }],
      metadata: { userId: "someone-else", productKey: "small_pack" },
      success_url: "http://app.test/success",
    });
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    const response = await deliver(await onlyEvent(session.id, "checkout.session.completed"));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
    expect(await db.purchase.count({ where: { checkoutSessionId: session.id } })).toBe(0);
  });
});

describe("a declined card", () => {
  it("records the failure from payment_intent.payment_failed and charge.failed, and credits nothing", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSmallPack(buyer, "4000000000009995");

    for (const type of ["payment_intent.payment_failed", "charge.failed"]) {
      await deliver(await onlyEvent(sessionId, type));
    }

    const purchase = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    expect(purchase.status).toBe("failed");
    expect(purchase.failureMessage).toMatch(/insufficient funds/i);
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });

  it("does not undo a later successful retry when the decline's events arrive after the success's", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSmallPack(buyer, "4000000000000002");
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    await deliver(await onlyEvent(sessionId, "payment_intent.payment_failed"));
    await deliver(await onlyEvent(sessionId, "charge.failed"));

    expect(await purchaseStatus(sessionId)).toBe("paid");
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });
});

describe("a delayed bank debit", () => {
  async function bankDebit(buyer: TestBuyer): Promise<{ sessionId: string; paymentIntentId: string }> {
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { method: "async_bank_debit" });
    const session = await stripe().checkout.sessions.retrieve(sessionId);
    return { sessionId, paymentIntentId: String(session.payment_intent) };
  }

  it("is processing after checkout.session.completed and credits once after async_payment_succeeded", async () => {
    const buyer = await signUpBuyer();
    const { sessionId, paymentIntentId } = await bankDebit(buyer);
    const completed = await onlyEvent(sessionId, "checkout.session.completed");
    await deliver(completed);
    expect(await purchaseStatus(sessionId)).toBe("processing");
    expect((await coinsOf(buyer.id)).balance).toBe(0);

    await sandbox.control(`/_sandbox/payment_intents/${paymentIntentId}/settle`, { outcome: "succeeded" });
    await deliver(await onlyEvent(sessionId, "checkout.session.async_payment_succeeded"));
    await deliver(completed);

    expect(await purchaseStatus(sessionId)).toBe("paid");
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("is failed after async_payment_failed and credits nothing", async () => {
    const buyer = await signUpBuyer();
    const { sessionId, paymentIntentId } = await bankDebit(buyer);
    await sandbox.control(`/_sandbox/payment_intents/${paymentIntentId}/settle`, { outcome: "failed" });

    await deliver(await onlyEvent(sessionId, "checkout.session.async_payment_failed"));

    expect(await purchaseStatus(sessionId)).toBe("failed");
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });
});

describe("an abandoned checkout", () => {
  it("is marked expired by checkout.session.expired", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("large_pack"));
    await stripe().checkout.sessions.expire(sessionId);

    await deliver(await onlyEvent(sessionId, "checkout.session.expired"));

    expect(await purchaseStatus(sessionId)).toBe("expired");
  });
});

describe("plans", () => {
  it("a paid monthly subscription becomes the buyer's active plan, is marked as ending when canceled at period end, and ends when deleted", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("advanced"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    const plan = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
    expect(plan).toMatchObject({ tier: "advanced", status: "active", cancelAtPeriodEnd: false });
    expect(plan.sourceId).toMatch(/^sub_/);
    expect(plan.currentPeriodEnd?.getTime()).toBeGreaterThan(Date.now());

    await stripe().subscriptions.update(plan.sourceId, { cancel_at_period_end: true });
    await deliver(await subscriptionEvent("customer.subscription.updated", plan.sourceId));
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: true });

    await stripe().subscriptions.cancel(plan.sourceId);
    await deliver(await subscriptionEvent("customer.subscription.deleted", plan.sourceId));
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled" });
  });

  it("a subscription canceled before its checkout's completion event is processed never becomes an active plan", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const subscriptionId = (await stripe().checkout.sessions.retrieve(sessionId)).subscription as string;
    await stripe().subscriptions.cancel(subscriptionId);

    await deliver(await subscriptionEvent("customer.subscription.deleted", subscriptionId));
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "starter", status: "canceled" });
  });

  it("Lifetime, paid once, becomes the buyer's plan with no end date", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("lifetime"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({
      tier: "lifetime",
      status: "active",
      sourceId: sessionId,
      currentPeriodEnd: null,
    });
  });
});

describe("refunds", () => {
  async function refundedEvents(paymentIntentId: string): Promise<Stripe.Event[]> {
    const { data } = await stripe().events.list({ type: "charge.refunded", limit: 100 });
    return data.filter((e) => (e.data.object as Stripe.Charge).payment_intent === paymentIntentId);
  }

  it("take back each refund's share of a points pack's coins, once per refund however often it is delivered", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);

    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 250 });
    const [partial] = await refundedEvents(paymentIntent);
    await deliver(partial as Stripe.Event);
    await deliver(partial as Stripe.Event);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 550 - 275, ledgerEntries: 2, ledgerSum: 550 - 275 });

    await stripe().refunds.create({ payment_intent: paymentIntent });
    for (const event of await refundedEvents(paymentIntent)) await deliver(event);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 3, ledgerSum: 0 });
  });

  it("take back exactly all the coins when the charge is refunded in uneven parts", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);

    // 550 coins for 500 cents: thirds rounded one by one would take back 551.
    for (const amount of [167, 167, 166]) {
      await stripe().refunds.create({ payment_intent: paymentIntent, amount });
      for (const event of await refundedEvents(paymentIntent)) await deliver(event);
    }

    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 4, ledgerSum: 0 });
  });

  it("are not undone by the payment's completion event arriving after the refund's", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
    await stripe().refunds.create({ payment_intent: paymentIntent });

    for (const event of await refundedEvents(paymentIntent)) await deliver(event);
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));

    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 2, ledgerSum: 0 });
  });

  it("end a Lifetime plan that was refunded in full", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("lifetime"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);

    await stripe().refunds.create({ payment_intent: paymentIntent });
    for (const event of await refundedEvents(paymentIntent)) await deliver(event);

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "lifetime", status: "canceled" });
  });
});

describe("refunds that fail", () => {
  async function paidMediumPack(buyer: TestBuyer, card: string): Promise<{ sessionId: string; paymentIntent: string }> {
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    return { sessionId, paymentIntent: String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent) };
  }

  async function deliverAll(sessionId: string): Promise<void> {
    for (const event of await eventsAbout(sessionId)) await deliver(event);
  }

  it("give the coins back once when a refund fails after it was taken, and the next refund takes only its share", async () => {
    const buyer = await signUpBuyer();
    const { sessionId, paymentIntent } = await paidMediumPack(buyer, "4000000000005126");

    const failing = await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });
    await deliverAll(sessionId);
    expect((await coinsOf(buyer.id)).balance).toBe(440);

    await sandbox.control(`/_sandbox/refunds/${failing.id}/fail`, {});
    await deliverAll(sessionId);
    await deliverAll(sessionId);
    expect((await coinsOf(buyer.id)).balance).toBe(550);

    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });
    await deliverAll(sessionId);
    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 440, ledgerSum: 440 });
  });

  it("take nothing while a refund is pending, and its share once it succeeds", async () => {
    const buyer = await signUpBuyer();
    const { sessionId, paymentIntent } = await paidMediumPack(buyer, "4000000000007726");

    const pending = await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });
    await deliverAll(sessionId);
    expect((await coinsOf(buyer.id)).balance).toBe(550);

    await sandbox.control(`/_sandbox/refunds/${pending.id}/settle`, {});
    await deliverAll(sessionId);
    expect((await coinsOf(buyer.id)).balance).toBe(440);
  });
});

describe("disputes", () => {
  async function disputedPack(buyer: TestBuyer): Promise<{ sessionId: string; disputeId: string }> {
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000000000000259" });
    for (const event of await eventsAbout(sessionId)) await deliver(event);
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
    const [dispute] = (await stripe().disputes.list({ payment_intent: paymentIntent })).data;
    if (!dispute) throw new Error("no dispute");
    return { sessionId, disputeId: dispute.id };
  }

  const heldOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).heldCoins;

  it("hold a disputed pack's coins while the dispute is open, and give them back when it is won", async () => {
    const buyer = await signUpBuyer();
    const { sessionId, disputeId } = await disputedPack(buyer);
    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 0, ledgerSum: 0 });
    expect(await heldOf(buyer.id)).toBe(550);

    await stripe().disputes.update(disputeId, { evidence: { uncategorized_text: "winning_evidence" } });
    await sandbox.control(`/_sandbox/disputes/${disputeId}/settle`, { outcome: "won" });
    for (const event of await eventsAbout(sessionId)) await deliver(event);

    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 550, ledgerSum: 550 });
    expect(await heldOf(buyer.id)).toBe(0);
  });

  it("keep the coins taken when the dispute is lost, however often its events arrive", async () => {
    const buyer = await signUpBuyer();
    const { sessionId, disputeId } = await disputedPack(buyer);

    await stripe().disputes.close(disputeId);
    for (const event of await eventsAbout(sessionId)) await deliver(event);
    for (const event of await eventsAbout(sessionId)) await deliver(event);

    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 0, ledgerSum: 0 });
    expect(await heldOf(buyer.id)).toBe(0);
  });
});

describe("a dispute on a subscription payment", () => {
  it("ends the plan and the subscription when it is lost", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000000000000259" });
    await deliver(await onlyEvent(sessionId, "checkout.session.completed"));
    const session = await stripe().checkout.sessions.retrieve(sessionId);
    const subscriptionId = String(session.subscription);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "active" });

    const [payment] = (await stripe().invoicePayments.list({ invoice: String(session.invoice) })).data;
    const [dispute] = (await stripe().disputes.list({ payment_intent: String(payment?.payment.payment_intent) })).data;
    await stripe().disputes.close(dispute?.id ?? "");
    const { data } = await stripe().events.list({ type: "charge.dispute.closed", limit: 100 });
    const closed = data.find((e) => (e.data.object as Stripe.Dispute).id === dispute?.id);
    await deliver(closed as Stripe.Event);

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled" });
    expect((await stripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });
});

describe("events the storefront does not act on", () => {
  it("get 200 so Stripe stops sending them", async () => {
    const response = await deliver({
      id: "evt_unhandled_1",
      object: "event",
      type: "customer.created",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "cus_123", object: "customer" } },
    } as unknown as Stripe.Event);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
  });
});

describe("signed events the storefront cannot act on", () => {
  const fabricated = (type: string, object: Record<string, unknown>, livemode = false) =>
    ({
      id: `evt_${Math.random().toString(36).slice(2)}`,
      object: "event",
      type,
      livemode,
      created: Math.floor(Date.now() / 1000),
      data: { object },
    }) as unknown as Stripe.Event;

  it("answer 200 and change nothing when they name a session or subscription Stripe no longer has", async () => {
    const session = await deliver(fabricated("checkout.session.completed", { id: "cs_test_deletedlongago", object: "checkout.session" }));
    const subscription = await deliver(fabricated("customer.subscription.deleted", { id: "sub_deletedlongago", object: "subscription" }));

    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ received: true, outcome: "ignored" });
    expect(subscription.status).toBe(200);
    expect(await db.purchase.count({ where: { checkoutSessionId: "cs_test_deletedlongago" } })).toBe(0);
  });

  it("answer 200 and credit nothing when they come from live mode while the app uses test keys", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");

    const response = await deliver({ ...event, livemode: true });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });

  it("answer 400 in the error shape when the signed body is not an event at all", async () => {
    for (const body of ["null", "[]", '{"id":"evt_1"}']) {
      const response = await deliver(body, { status: 400 });
      expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
  });

  it("answer 503 while Stripe cannot be reached to re-read the payment, and credit once when redelivered", async () => {
    const buyer = await signUpBuyer();
    const event = await onlyEvent(await paidSmallPack(buyer), "checkout.session.completed");
    const realBase = process.env.STRIPE_API_BASE;
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    let unreachable: Response;
    try {
      unreachable = await deliver(event, { status: 503 });
    } finally {
      process.env.STRIPE_API_BASE = realBase;
    }

    expect(unreachable.status).toBe(503);
    expect(await unreachable.json()).toMatchObject({ error: { code: "stripe_unavailable" } });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
    await deliver(event);
    expect((await coinsOf(buyer.id)).balance).toBe(SMALL_PACK_COINS);
  });
});
