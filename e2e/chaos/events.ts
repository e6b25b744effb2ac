import type Stripe from "stripe";

// Stripe's record of what happened: every event the sandbox has produced, as the exact JSON a
// webhook would carry.

export interface RecordedEvent {
  id: string;
  type: string;
  payload: string;
}

/** Events not in `seen`, oldest first; adds them to `seen`. */
export async function newEvents(stripe: Stripe, seen: Set<string>): Promise<RecordedEvent[]> {
  const fresh: RecordedEvent[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    fresh.push({ id: event.id, type: event.type, payload: JSON.stringify(event) });
  }
  return fresh.reverse();
}
