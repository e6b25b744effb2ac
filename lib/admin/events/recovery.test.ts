import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as catchUpRoute } from "@/app/api/admin/events/catch-up/route";
import { POST as replayRoute } from "@/app/api/admin/events/replay/route";
import { adminPost, newSubmission } from "@/test-support/console-calls";
import { db, sql } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";
import { checkout, coinsOf, deliver, eventsAbout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Webhooks are switched off: each payment's events exist at Stripe but reach the store only when
// a test delivers them, or when the operator replays them or catches up from Stripe's list.

let sandbox: TestStripe;
let operator: TestBuyer;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  operator = await signUpOperator();
});
afterAll(() => sandbox.close());

const MEDIUM_PACK_COINS = 550;

async function paidMediumPack(): Promise<{ buyer: TestBuyer; sessionId: string; completed: Stripe.Event }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  const [completed] = await eventsAbout(sessionId, "checkout.session.completed");
  if (!completed) throw new Error(`no checkout.session.completed for ${sessionId}`);
  return { buyer, sessionId, completed };
}

const replay = (eventId: string, submissionId = newSubmission(), reason = "buyer says the coins never came") =>
  adminPost(replayRoute, "/api/admin/events/replay", operator, { eventId, reason, submissionId });

const catchUp = (reason = "webhook endpoint was down overnight") => adminPost(catchUpRoute, "/api/admin/events/catch-up", operator, { reason, submissionId: newSubmission() });

const eventRow = (id: string) => sql(`SELECT * FROM stripe_event WHERE id = $1`, [id]);

describe("replaying an event from the console", () => {
  it("changes nothing for an event already processed: same balance, same ledger, same event row, and says duplicate", async () => {
    const { buyer, completed } = await paidMediumPack();
    expect((await deliver(completed)).status).toBe(200);
    const [coinsBefore, rowBefore] = [await coinsOf(buyer.id), await eventRow(completed.id)];

    const response = await replay(completed.id);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ eventId: completed.id, type: "checkout.session.completed", outcome: "duplicate", event: { status: "processed", attempts: 1 } });
    expect(await coinsOf(buyer.id)).toEqual(coinsBefore);
    expect(coinsBefore).toEqual({ balance: MEDIUM_PACK_COINS, ledgerEntries: 1, ledgerSum: MEDIUM_PACK_COINS });
    expect(await eventRow(completed.id)).toEqual(rowBefore);
  });

  it("credits a lost webhook's payment exactly once, however often it is replayed, and records who did it and why", async () => {
    const { buyer, sessionId, completed } = await paidMediumPack();
    expect((await coinsOf(buyer.id)).balance).toBe(0);
    const submissionId = newSubmission();

    const first = await replay(completed.id, submissionId);
    const doubleClick = await replay(completed.id, submissionId);
    const later = await replay(completed.id);

    expect(await first.json()).toMatchObject({ outcome: "processed", event: { status: "processed", objectId: sessionId, attempts: 1 } });
    expect(await doubleClick.json()).toMatchObject({ outcome: "processed" });
    expect(await later.json()).toMatchObject({ outcome: "duplicate" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: MEDIUM_PACK_COINS, ledgerEntries: 1, ledgerSum: MEDIUM_PACK_COINS });
    const trail = await db.auditLogEntry.findMany({ where: { targetId: completed.id }, orderBy: { createdAt: "asc" } });
    expect(trail.map((entry) => [entry.actorEmail, entry.action, entry.targetType, entry.reason, entry.before])).toEqual([
      [operator.email, "event.replay", "stripe_event", "buyer says the coins never came", null],
      [operator.email, "event.replay", "stripe_event", "buyer says the coins never came", expect.objectContaining({ status: "processed" })],
    ]);
    expect(trail[0]?.after).toMatchObject({ outcome: "processed" });
  });

  it("answers 404 for an event Stripe does not have (a wrong id, or one older than its 30 days), and changes nothing", async () => {
    const entriesBefore = await db.auditLogEntry.count();

    const response = await replay("evt_1NoSuchEventAtStripe");

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: "not_found",
        type: "invalid_request_error",
        message: "Stripe has no event evt_1NoSuchEventAtStripe: the id is wrong, or the event is older than 30 days, the longest Stripe keeps events. Nothing was changed.",
      },
    });
    expect(await eventRow("evt_1NoSuchEventAtStripe")).toEqual([]);
    expect(await db.auditLogEntry.count()).toBe(entriesBefore);
  });

  it("finishes an event whose delivery failed, counting the replay as its next attempt", async () => {
    const { buyer, completed } = await paidMediumPack();
    await sandbox.control("/_sandbox/config", { apiOutage: true });
    try {
      expect((await deliver(completed)).status).toBe(503);
    } finally {
      await sandbox.control("/_sandbox/config", { apiOutage: false });
    }

    const response = await replay(completed.id);

    expect(await response.json()).toMatchObject({ outcome: "processed", event: { status: "processed", attempts: 2, lastError: expect.stringMatching(/^stripe_unavailable/) } });
    expect(await coinsOf(buyer.id)).toEqual({ balance: MEDIUM_PACK_COINS, ledgerEntries: 1, ledgerSum: MEDIUM_PACK_COINS });
  }, 60_000);
});

describe("catching up from Stripe's list of events", () => {
  it("credits a paid checkout whose webhook was dropped exactly once; a second catch-up changes nothing", async () => {
    const { buyer, sessionId } = await paidMediumPack();
    expect((await coinsOf(buyer.id)).balance).toBe(0);

    const first = await catchUp();
    const firstAnswer = (await first.json()) as Record<string, number | boolean>;
    const coinsAfterFirst = await coinsOf(buyer.id);
    const second = await catchUp();

    expect(first.status).toBe(200);
    expect(firstAnswer).toMatchObject({ failed: 0, left: 0, complete: true });
    expect(firstAnswer.applied).toBeGreaterThanOrEqual(1);
    expect(coinsAfterFirst).toEqual({ balance: MEDIUM_PACK_COINS, ledgerEntries: 1, ledgerSum: MEDIUM_PACK_COINS });
    expect(await sql(`SELECT id FROM stripe_event WHERE "objectId" = $1 AND type = 'checkout.session.completed' AND outcome = 'processed'`, [sessionId])).toHaveLength(1);

    const secondAnswer = (await second.json()) as Record<string, number>;
    expect(secondAnswer).toMatchObject({ applied: 0, ignored: 0, failed: 0, listed: firstAnswer.listed });
    expect(secondAnswer.alreadyHad).toBe(secondAnswer.listed);
    expect(await coinsOf(buyer.id)).toEqual(coinsAfterFirst);
    const trail = await db.auditLogEntry.findMany({ where: { action: "events.catch_up" }, orderBy: { createdAt: "asc" } });
    expect(trail.slice(-2).map((entry) => [entry.actorEmail, entry.reason, (entry.after as { applied: number }).applied])).toEqual([
      [operator.email, "webhook endpoint was down overnight", firstAnswer.applied],
      [operator.email, "webhook endpoint was down overnight", 0],
    ]);
  }, 90_000);
});
