import { Client } from "pg";
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, deliver, eventsAbout } from "@/test-support/route-calls";
import { startStripeGate } from "@/test-support/stripe-gate";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// What one webhook costs, and how copies of one event share the work: counted at the database
// driver (every statement any query layer sends) and at the Stripe SDK (every request it makes).

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const SMALL_PACK_COINS = 200;

async function paidSmallPackEvent(buyer: TestBuyer): Promise<Stripe.Event> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  const [event] = await eventsAbout(sessionId, "checkout.session.completed");
  if (!event) throw new Error(`no checkout.session.completed for ${sessionId}`);
  return event;
}

/** The SQL of every statement sent to the database while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const send = Client.prototype.query;
  vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    const [query] = args;
    statements.push(typeof query === "string" ? query : String((query as { text?: unknown }).text));
    return (send as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof send);
  await work();
  vi.restoreAllMocks();
  return statements.map((statement) => statement.replace(/\s+/g, " ").trim());
}

/** Every request the app made to Stripe while `work` ran, as "METHOD /path". */
async function stripeRequestsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const requests: string[] = [];
  const client = stripe();
  const record = (request: Stripe.ResponseEvent) => requests.push(`${request.method} ${request.path}`);
  client.on("response", record);
  try {
    await work();
  } finally {
    client.off("response", record);
  }
  return requests;
}

async function claimHeldElsewhere(eventId: string, leaseSeconds: number): Promise<void> {
  await sql(
    `INSERT INTO stripe_event (id, type, "createdAt", "claimToken", "leaseUntil")
     VALUES ($1, 'checkout.session.completed', timezone('UTC', now()), 'another-instance', timezone('UTC', now()) + make_interval(secs => $2))`,
    [eventId, leaseSeconds],
  );
}

describe("what one delivery costs", () => {
  it("answers a redelivered event from one indexed read, without asking Stripe", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);
    expect((await deliver(event)).status).toBe(200);

    let response: Response | undefined;
    const requests = await stripeRequestsDuring(async () => {
      const statements = await statementsDuring(async () => {
        response = await deliver(event);
      });
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^SELECT .* FROM stripe_event WHERE id = \$1$/);
    });

    expect(requests).toEqual([]);
    expect(await response?.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("credits a new paid event with one Stripe read, a claim and a transaction of three statements", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);

    let statements: string[] = [];
    const requests = await stripeRequestsDuring(async () => {
      statements = await statementsDuring(async () => expect((await deliver(event)).status).toBe(200));
    });

    expect(requests).toEqual([expect.stringMatching(/^GET \/v1\/checkout\/sessions\/cs_test_\w+/)]);
    const begin = statements.indexOf("BEGIN");
    const commit = statements.indexOf("COMMIT");
    // The claim (a read and an insert), then the transaction: stamp the event, lock the purchase,
    // and one statement for the ledger entry, the balance and the purchase.
    expect({ beforeTransaction: begin, inTransaction: commit - begin - 1, afterTransaction: statements.length - commit - 1 }).toEqual({
      beforeTransaction: 2,
      inTransaction: 3,
      afterTransaction: 0,
    });
    expect(statements.filter((statement) => statement === "BEGIN")).toHaveLength(1);
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("answers a settled checkout's payment events without asking Stripe", async () => {
    const buyer = await signUpBuyer();
    const completed = await paidSmallPackEvent(buyer);
    expect((await deliver(completed)).status).toBe(200);
    const sessionId = (completed.data.object as Stripe.Checkout.Session).id;
    const paymentEvents = [
      ...(await eventsAbout(sessionId, "payment_intent.succeeded")),
      ...(await eventsAbout(sessionId, "charge.succeeded")),
    ];
    expect(paymentEvents).toHaveLength(2);

    const requests = await stripeRequestsDuring(async () => {
      for (const event of paymentEvents) expect(await (await deliver(event)).json()).toMatchObject({ outcome: "ignored" });
    });

    expect(requests).toEqual([]);
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });
});

describe("copies of one event", () => {
  it("credit once and read Stripe once when fifty arrive at the same moment", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);

    let responses: Response[] = [];
    const requests = await stripeRequestsDuring(async () => {
      responses = await Promise.all(Array.from({ length: 50 }, () => deliver(event)));
    });

    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(requests.filter((request) => request.includes("/v1/checkout/sessions/"))).toHaveLength(1);
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("wait for another instance's claim and answer duplicate once it is done, without reading Stripe", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);
    await claimHeldElsewhere(event.id, 30);

    let response: Response | undefined;
    const requests = await stripeRequestsDuring(async () => {
      const waiting = deliver(event);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql(`UPDATE stripe_event SET "processedAt" = timezone('UTC', now()), outcome = 'processed' WHERE id = $1`, [event.id]);
      response = await waiting;
    });

    expect(await response?.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(requests).toEqual([]);
  });

  it("take over a claim whose holder died once its lease has run out, and credit once", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);
    await claimHeldElsewhere(event.id, -1);

    const response = await deliver(event);

    expect(await response.json()).toEqual({ received: true, outcome: "processed" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
    expect((await deliver(event)).status).toBe(200);
    expect((await coinsOf(buyer.id)).ledgerEntries).toBe(1);
  });

  it("change nothing when they held a claim that lapsed and was taken over: no coins and no stamp, while the new holder credits once", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);
    const sessionId = (event.data.object as Stripe.Checkout.Session).id;
    // Stripe answers this delivery's read of the session only when the test says so.
    const gate = await startStripeGate(sandbox.apiBase, ({ method, path }) => method === "GET" && path.startsWith(`/v1/checkout/sessions/${sessionId}`));
    process.env.STRIPE_API_BASE = gate.url;
    let stale: Response;
    try {
      const delivery = deliver(event);
      await gate.holding(1);
      // Meanwhile its lease runs out and another instance's copy takes the claim over.
      const [claimed] = await sql<{ claimToken: string }>(`SELECT "claimToken" FROM stripe_event WHERE id = $1`, [event.id]);
      expect(claimed?.claimToken).toEqual(expect.any(String));
      await sql(`UPDATE stripe_event SET "claimToken" = 'another-instance', "leaseUntil" = timezone('UTC', now()) + interval '30 seconds' WHERE id = $1`, [event.id]);
      gate.release();
      stale = await delivery;
    } finally {
      process.env.STRIPE_API_BASE = sandbox.apiBase;
      await gate.close();
    }

    expect(stale.status).toBe(200);
    expect(await stale.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 0, ledgerSum: 0 });
    const [stored] = await sql<{ processedAt: Date | null; claimToken: string | null }>(`SELECT "processedAt", "claimToken" FROM stripe_event WHERE id = $1`, [event.id]);
    expect(stored).toEqual({ processedAt: null, claimToken: "another-instance" });

    // The other instance dies too; Stripe's retry takes the claim over and credits once.
    await sql(`UPDATE stripe_event SET "leaseUntil" = timezone('UTC', now()) - interval '1 second' WHERE id = $1`, [event.id]);
    expect(await (await deliver(event)).json()).toEqual({ received: true, outcome: "processed" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: SMALL_PACK_COINS, ledgerEntries: 1, ledgerSum: SMALL_PACK_COINS });
  });

  it("ask Stripe to deliver again later (503) when another delivery holds the claim for longer than a copy waits", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);
    await claimHeldElsewhere(event.id, 60);

    const response = await deliver(event);

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(await response.json()).toMatchObject({ error: { code: "event_in_progress", type: "api_error" } });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  }, 20_000);

  it("record an event that needed nothing, so its redelivery is one read too", async () => {
    const buyer = await signUpBuyer();
    const event = await paidSmallPackEvent(buyer);
    const id = `${event.id}_foreign`;
    const foreign = JSON.stringify({ ...event, id, data: { object: { ...event.data.object, id: "cs_test_notours" } } });
    expect(await (await deliver(foreign)).json()).toMatchObject({ outcome: "ignored" });

    const statements = await statementsDuring(async () => {
      expect(await (await deliver(foreign)).json()).toEqual({ received: true, outcome: "duplicate" });
    });

    expect(statements).toHaveLength(1);
    const [stored] = await sql<{ outcome: string }>(`SELECT outcome FROM stripe_event WHERE id = $1`, [id]);
    expect(stored?.outcome).toMatch(/^ignored: session cs_test_notours is unknown/);
  });
});
