import { z } from "zod/mini";
import { reasonField, submissionIdField } from "@/lib/admin/audit/audit-api";

// The events side of the console API (GET /api/admin/events, POST …/replay and …/catch-up): what
// the forms send and what the routes answer, shared by the route handlers and the console's forms.

export const EVENT_STATUSES = ["processed", "duplicate", "ignored", "failed", "in_progress"] as const;

/** Stripe's event ids: `evt_` and letters, digits or underscores. */
export const eventIdField = z.string("eventId must be text.").check(
  z.trim(),
  z.regex(/^evt_\w{1,250}$/, "eventId must be a Stripe event id (evt_…)."),
);

export const replayRequest = z.object({ eventId: eventIdField, reason: reasonField, submissionId: submissionIdField });

export const catchUpRequest = z.object({
  since: z.optional(z.iso.datetime({ offset: true, error: "since must be a time such as 2026-12-01T09:00:00Z." })),
  reason: reasonField,
  submissionId: submissionIdField,
});

export const loggedEventJson = z.object({
  id: z.string(),
  type: z.string(),
  objectId: z.nullable(z.string()),
  createdAt: z.string(),
  firstSeenAt: z.string(),
  processedAt: z.nullable(z.string()),
  status: z.enum(EVENT_STATUSES),
  reason: z.nullable(z.string()),
  attempts: z.number(),
  durationMs: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
});

export const eventsPage = z.object({ events: z.array(loggedEventJson), newer: z.nullable(z.string()), older: z.nullable(z.string()) });

/** An event's state as an action's before and after show it. */
export const eventStateJson = z.object({
  status: z.enum(EVENT_STATUSES),
  objectId: z.nullable(z.string()),
  attempts: z.number(),
  lastError: z.nullable(z.string()),
});

export const replayAnswer = z.object({
  eventId: z.string(),
  type: z.string(),
  outcome: z.enum(["processed", "duplicate", "ignored"]),
  reason: z.nullable(z.string()),
  /** The event as the log now shows it; null for a type the store does not act on (never recorded). */
  event: z.nullable(eventStateJson),
});
export type ReplayAnswer = z.infer<typeof replayAnswer>;

export const catchUpAnswer = z.object({
  since: z.string(),
  /** Events of the types the store handles that Stripe listed since then. */
  listed: z.number(),
  applied: z.number(),
  ignored: z.number(),
  alreadyHad: z.number(),
  inProgress: z.number(),
  failed: z.number(),
  /** Unfinished events left for another run (more than one run applies). */
  left: z.number(),
  /** False when Stripe listed more events than one run reads, or some were left. */
  complete: z.boolean(),
  failures: z.array(z.object({ eventId: z.string(), message: z.string() })),
});
export type CatchUpAnswer = z.infer<typeof catchUpAnswer>;
