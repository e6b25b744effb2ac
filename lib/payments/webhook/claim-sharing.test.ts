import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sql } from "@/lib/db";
import type { ClaimedOutcome } from "@/lib/payments/webhook/event-claims";

// How copies of one event share its claim, seen from the database: what each copy sends while it
// claims or waits, and whether it does the event's work. The work here is a stand-in that records
// each time it runs (a real one reads Stripe and credits the buyer).

afterEach(() => {
  vi.restoreAllMocks();
});

/** A claim module of its own, as another app instance has: copies in it do not share attempts with ours. */
async function anotherInstance(): Promise<typeof import("@/lib/payments/webhook/event-claims")> {
  vi.resetModules();
  return import("@/lib/payments/webhook/event-claims");
}

const newEvent = () => ({ id: `evt_${randomUUID()}`, type: "checkout.session.completed", created: Math.floor(Date.now() / 1000) });

function countingWork(ms = 0) {
  const work = { runs: 0, run: async (): Promise<ClaimedOutcome> => {
    work.runs += 1;
    await sleep(ms);
    return { outcome: "processed" };
  } };
  return work;
}

const textOf = (query: unknown) => (typeof query === "string" ? query : String((query as { text?: unknown }).text)).replace(/\s+/g, " ").trim();

/** The event-claim statements sent while `work` runs. */
async function claimStatementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const send = Client.prototype.query;
  vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    statements.push(textOf(args[0]));
    return (send as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof send);
  await work();
  vi.restoreAllMocks();
  return statements.filter((statement) => statement.includes("stripe_event"));
}

async function claimHeldElsewhere(eventId: string, leaseSeconds: number): Promise<void> {
  await sql(
    `INSERT INTO stripe_event (id, type, "createdAt", "claimToken", "leaseUntil")
     VALUES ($1, 'checkout.session.completed', timezone('UTC', now()), 'another-instance', timezone('UTC', now()) + make_interval(secs => $2))`,
    [eventId, leaseSeconds],
  );
}

const finishedElsewhere = (eventId: string) =>
  sql(`UPDATE stripe_event SET "processedAt" = timezone('UTC', now()), outcome = 'processed', "claimToken" = NULL, "leaseUntil" = NULL WHERE id = $1`, [eventId]);

describe("copies of one event", () => {
  it("within one instance share one attempt: one read, one claim and one stamp, and the work done once", async () => {
    const { onceClaimed } = await anotherInstance();
    const event = newEvent();
    const work = countingWork(200);

    let outcomes: ClaimedOutcome[] = [];
    const statements = await claimStatementsDuring(async () => {
      outcomes = await Promise.all([onceClaimed(event, work.run), onceClaimed(event, work.run)]);
    });

    expect(outcomes).toEqual([{ outcome: "processed" }, { outcome: "duplicate" }]);
    expect(work.runs).toBe(1);
    expect(statements.map((statement) => statement.split(" ")[0])).toEqual(["SELECT", "INSERT", "UPDATE"]);
  });

  it("that lose the race for a new event's claim to another instance wait for it, and never do the work", async () => {
    const { onceClaimed } = await anotherInstance();
    const event = newEvent();
    const work = countingWork();
    // Between this copy's read (nothing stored yet) and its claim, another instance claims first.
    const send = Client.prototype.query;
    let overtaken = false;
    vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
      const proceed = () => (send as (...a: unknown[]) => unknown).apply(this, args);
      if (overtaken || !textOf(args[0]).startsWith(`INSERT INTO stripe_event (id, type, "createdAt", "claimToken"`)) return proceed();
      overtaken = true;
      const otherFirst = claimHeldElsewhere(event.id, 30).then(proceed);
      if (typeof args.at(-1) === "function") return void otherFirst;
      return otherFirst;
    } as typeof send);

    const copy = onceClaimed(event, work.run);
    await sleep(300);
    await finishedElsewhere(event.id);

    expect(await copy).toEqual({ outcome: "duplicate" });
    expect(overtaken).toBe(true);
    expect(work.runs).toBe(0);
  });

  it("that find another instance's live claim only read while they wait, and take nothing over", async () => {
    const { onceClaimed } = await anotherInstance();
    const event = newEvent();
    await claimHeldElsewhere(event.id, 30);
    const work = countingWork();

    let outcome: ClaimedOutcome | undefined;
    const statements = await claimStatementsDuring(async () => {
      const copy = onceClaimed(event, work.run);
      await sleep(300);
      await finishedElsewhere(event.id);
      outcome = await copy;
    });

    expect(outcome).toEqual({ outcome: "duplicate" });
    expect(work.runs).toBe(0);
    // The finishing UPDATE is this test's, standing in for the other instance.
    const own = statements.filter((statement) => !statement.includes("outcome = 'processed'"));
    expect(own.length).toBeGreaterThan(1);
    expect(own.every((statement) => statement.startsWith("SELECT"))).toBe(true);
  });

  it("notice within a quarter of a second that another instance finished, even after waiting for seconds", async () => {
    const { onceClaimed } = await anotherInstance();
    const event = newEvent();
    await claimHeldElsewhere(event.id, 30);

    const started = Date.now();
    const copy = onceClaimed(event, countingWork().run);
    await sleep(4_000);
    await finishedElsewhere(event.id);
    expect(await copy).toEqual({ outcome: "duplicate" });

    // Polls grow to a quarter second and no further; a database under load gets a second's slack.
    expect(Date.now() - started).toBeLessThan(5_500);
  });

  it("ask Stripe to deliver the event again later, saying why, once another delivery has held it for as long as a copy waits", async () => {
    const { onceClaimed } = await anotherInstance();
    const event = newEvent();
    await claimHeldElsewhere(event.id, 60);
    const work = countingWork();

    await expect(onceClaimed(event, work.run)).rejects.toMatchObject({
      code: "event_in_progress",
      message: "Another delivery of this event is still being processed; deliver it again later.",
      headers: { "Retry-After": "10" },
    });
    expect(work.runs).toBe(0);
  }, 20_000);
});
