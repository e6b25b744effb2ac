import { loggedEvent, type LoggedEvent } from "@/lib/admin/events/event-log";
import type { ReplayAnswer } from "@/lib/admin/events/events-api";
import { ApiError } from "@/lib/http/api-error";
import { handleStripeEvent } from "@/lib/payments/webhook/handle-stripe-event";
import { readEvent } from "@/lib/stripe-gateway/events";

// A replay asks Stripe for the event by id and hands it to the webhook's own handler: a webhook
// that was lost is applied now, once; one already processed answers "duplicate" and changes
// nothing, since the handler finds it stamped (lib/payments/webhook/event-claims.ts).

export interface Replayed {
  answer: ReplayAnswer;
  /** The event as the log showed it before the replay, if it was ever received. */
  before: ReplayAnswer["event"];
}

const stateOf = (event: LoggedEvent | null): ReplayAnswer["event"] =>
  event && { status: event.status, objectId: event.objectId, attempts: event.attempts, lastError: event.lastError };

export async function replayEvent(eventId: string): Promise<Replayed> {
  const before = await loggedEvent(eventId);
  const event = await readEvent(eventId);
  if (!event) {
    throw new ApiError(
      "not_found",
      `Stripe has no event ${eventId}: the id is wrong, or the event is older than 30 days, the longest Stripe keeps events. Nothing was changed.`,
    );
  }
  const result = await handleStripeEvent(event);
  const after = await loggedEvent(eventId);
  return {
    answer: {
      eventId,
      type: event.type,
      outcome: result.outcome,
      reason: result.outcome === "ignored" ? result.reason : null,
      event: stateOf(after),
    },
    before: stateOf(before),
  };
}
