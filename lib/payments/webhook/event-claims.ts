import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { NOW } from "@/lib/payments/fulfilment/sql";
import { logger } from "@/lib/observability/logger";

// Stripe may deliver one event many times at once, to every app instance. Each copy would read
// the same object from Stripe before its transaction found the event already recorded; a claim
// row lets one copy do the work while the others wait for its result. Copies in this process
// share one attempt, so only one of them touches the database; copies in other processes find the
// claim row and wait for it to be stamped done. Exactly-once does not rest on any of this: the
// fulfilment transaction stamps the event only if its claim is still held (transaction.ts), so a
// holder that outlived its lease and lost the claim commits nothing.
//
// The row is also the console's event log: each claim taken counts an attempt and starts its clock
// (claimedAt; processedAt minus claimedAt is what the work took), and a failed attempt stays as a
// row with its error and no claim, so the next copy claims it at once and the operator sees it.

/** Long enough for a Stripe read and a transaction, short enough that a crashed holder is soon replaced. */
const LEASE_SECONDS = 30;
/** How long a copy waits on another's claim before asking Stripe to deliver it again later. */
const WAIT_MS = 10_000;
const FIRST_PAUSE_MS = 20;
const LONGEST_PAUSE_MS = 250;

/** The right to process one event, held until `leaseUntil` in the database. */
export interface EventClaim {
  token: string;
  /** Set once the fulfilment transaction that stamped the event has committed. */
  stamped: boolean;
}

interface ClaimedEvent {
  id: string;
  type: string;
  created: number;
  /** What the event is about, for the log until the work names the object it acted on. */
  data?: { object: object };
}

interface StoredEvent {
  done: boolean;
  expired: boolean;
}

/** What the work decided, stamped on the event unless its own transaction already did. */
export type ClaimedOutcome = { outcome: "processed" | "duplicate" } | { outcome: "ignored"; reason: string };

const running = new Map<string, Promise<ClaimedOutcome>>();

/**
 * Runs `work` for an event at most once at a time across every instance, and not at all once it
 * is done; a copy that arrives meanwhile waits and answers "duplicate". A failed attempt gives
 * the claim up at once and records why, so the next copy (or Stripe's retry) starts afresh.
 */
export async function onceClaimed(event: ClaimedEvent, work: (claim: EventClaim) => Promise<ClaimedOutcome>): Promise<ClaimedOutcome> {
  const attempt = running.get(event.id);
  if (attempt) {
    await attempt;
    return { outcome: "duplicate" };
  }
  const mine = claimAndRun(event, work);
  running.set(event.id, mine);
  try {
    return await mine;
  } finally {
    running.delete(event.id);
  }
}

async function claimAndRun(event: ClaimedEvent, work: (claim: EventClaim) => Promise<ClaimedOutcome>): Promise<ClaimedOutcome> {
  const giveUpAt = Date.now() + WAIT_MS;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    const claim = await tryToClaim(event);
    if (claim === "done") return { outcome: "duplicate" };
    if (claim !== "held_elsewhere") return runHolding(event.id, claim, work);
    if (Date.now() + pause > giveUpAt) {
      throw new ApiError("event_in_progress", "Another delivery of this event is still being processed; deliver it again later.", {
        "Retry-After": "10",
      });
    }
    await sleep(pause);
  }
}

async function runHolding(eventId: string, claim: EventClaim, work: (claim: EventClaim) => Promise<ClaimedOutcome>): Promise<ClaimedOutcome> {
  let result: ClaimedOutcome;
  try {
    result = await work(claim);
  } catch (error) {
    await sql(`UPDATE stripe_event SET "claimToken" = NULL, "leaseUntil" = NULL, "lastError" = $3 WHERE id = $1 AND "claimToken" = $2 AND "processedAt" IS NULL`, [
      eventId,
      claim.token,
      failureText(error),
    ]).catch((release: unknown) => logger().error({ err: release, eventId, leaseSeconds: LEASE_SECONDS }, "stripe event: could not give up the claim; it runs out by itself"));
    throw error;
  }
  if (!claim.stamped) {
    const outcome = result.outcome === "ignored" ? `ignored: ${result.reason}` : result.outcome;
    await sql(`UPDATE stripe_event SET "processedAt" = ${NOW}, outcome = $3, "claimToken" = NULL, "leaseUntil" = NULL WHERE id = $1 AND "claimToken" = $2`, [
      eventId,
      claim.token,
      outcome,
    ]);
  }
  return result;
}

/** One read for an event already seen; a second statement to claim a new one or take over a dead claim. */
async function tryToClaim(event: ClaimedEvent): Promise<EventClaim | "done" | "held_elsewhere"> {
  const [stored] = await sql<StoredEvent>(
    `SELECT "processedAt" IS NOT NULL AS done, coalesce("leaseUntil" < ${NOW}, true) AS expired FROM stripe_event WHERE id = $1`,
    [event.id],
  );
  if (stored?.done) return "done";
  if (stored && !stored.expired) return "held_elsewhere";

  const token = randomUUID();
  const claimed = stored
    ? await sql(
        `UPDATE stripe_event SET "claimToken" = $2, "leaseUntil" = ${NOW} + make_interval(secs => $3), "claimedAt" = ${NOW}, attempts = attempts + 1
         WHERE id = $1 AND "processedAt" IS NULL AND coalesce("leaseUntil" < ${NOW}, true) RETURNING id`,
        [event.id, token, LEASE_SECONDS],
      )
    : await sql(
        `INSERT INTO stripe_event (id, type, "createdAt", "claimToken", "leaseUntil", "objectId", "firstSeenAt", "claimedAt", attempts)
         VALUES ($1, $2, timezone('UTC', to_timestamp($3)), $4, ${NOW} + make_interval(secs => $5), $6, ${NOW}, ${NOW}, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type, event.created, token, LEASE_SECONDS, objectIdOf(event)],
      );
  return claimed.length === 1 ? { token, stamped: false } : "held_elsewhere";
}

function objectIdOf(event: ClaimedEvent): string | null {
  const object = event.data?.object;
  return object && "id" in object && typeof object.id === "string" ? object.id : null;
}

/** Longest failure kept on the event: a line in the console, not a stack trace. */
const ERROR_TEXT_LIMIT = 300;
const SECRETS = [/\b(?:sk|rk|pk)_(?:test|live)_\w+/g, /\bwhsec_\w+/g, /\b\w+:\/\/[^\s/@]+@/g];

/** What the operator reads about a failed attempt: its kind and message, with anything key- or password-like cut out. */
export function failureText(error: unknown): string {
  const text = error instanceof ApiError ? `${error.code}: ${error.message}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const safe = SECRETS.reduce((kept, secret) => kept.replace(secret, "[redacted]"), text).replace(/\s+/g, " ").trim();
  return safe.length > ERROR_TEXT_LIMIT ? `${safe.slice(0, ERROR_TEXT_LIMIT - 1)}…` : safe;
}
