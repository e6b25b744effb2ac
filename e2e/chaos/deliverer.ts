import type Stripe from "stripe";
import type { RecordedEvent } from "./events";
import type { Schedule } from "./schedule";
import { sleep } from "./processes";

// Delivers events as Stripe does: POSTed with a Stripe-Signature made with the endpoint's
// secret and a fresh timestamp on every attempt, and retried with backoff until a 2xx. A retry
// goes to the other instance, as a load balancer in front of two servers might send it.

export interface DeliveryFigures {
  /** Copies scheduled (each event once, plus duplicates). */
  deliveries: number;
  duplicates: number;
  /** HTTP requests sent, retries included. */
  attempts: number;
  maxInFlight: number;
  serverErrors: number;
  /** Non-2xx answers that were not 5xx, and connections that failed. */
  otherFailures: number;
  /** Deliveries that never got a 2xx before their deadline. */
  gaveUp: number;
  latenciesMs: number[];
}

export function emptyFigures(): DeliveryFigures {
  return { deliveries: 0, duplicates: 0, attempts: 0, maxInFlight: 0, serverErrors: 0, otherFailures: 0, gaveUp: 0, latenciesMs: [] };
}

interface DeliverOptions {
  stripe: Stripe;
  secret: string;
  /** Webhook URLs of instance A and instance B. */
  targets: readonly string[];
  /** How long one delivery keeps being retried. */
  deadlineMs?: number;
}

export async function deliver(events: RecordedEvent[], schedule: Schedule, options: DeliverOptions, figures: DeliveryFigures): Promise<void> {
  const deadlineMs = options.deadlineMs ?? 120_000;
  let inFlight = 0;
  const seen = new Set<number>();
  for (const { event } of schedule.deliveries) {
    figures.deliveries += 1;
    if (seen.has(event)) figures.duplicates += 1;
    seen.add(event);
  }

  async function send(payload: string, target: string): Promise<number> {
    const signature = options.stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret });
    inFlight += 1;
    figures.attempts += 1;
    figures.maxInFlight = Math.max(figures.maxInFlight, inFlight);
    const started = performance.now();
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      figures.latenciesMs.push(performance.now() - started);
      return response.status;
    } catch {
      return 0;
    } finally {
      inFlight -= 1;
    }
  }

  async function deliverOne(event: RecordedEvent, firstTarget: number): Promise<void> {
    const giveUpAt = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      const target = options.targets[(firstTarget + attempt) % options.targets.length] ?? "";
      const status = await send(event.payload, target);
      if (status >= 200 && status < 300) return;
      if (status >= 500) figures.serverErrors += 1;
      else figures.otherFailures += 1;
      if (Date.now() > giveUpAt) {
        figures.gaveUp += 1;
        return;
      }
      await sleep(Math.min(100 * 2 ** attempt, 2_000));
    }
  }

  let next = 0;
  async function worker(): Promise<void> {
    for (let index = next++; index < schedule.deliveries.length; index = next++) {
      const delivery = schedule.deliveries[index];
      const event = delivery && events[delivery.event];
      if (delivery && event) await deliverOne(event, delivery.target);
    }
  }
  await Promise.all(Array.from({ length: schedule.concurrency }, worker));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
