import type { Clock } from "../core/clock";
import { API_VERSION } from "../core/constants";
import { newId } from "../core/ids";
import type { Store } from "../core/store";
import type { StripeObject } from "../core/types";
import type { StripeEvent } from "../objects/event";
import type { Deliverer } from "../webhooks/delivery";
import { wants, type EndpointRegistry } from "../webhooks/endpoints";

type RequestInfo = { id: string | null; idempotency_key: string | null };

const AUTOMATIC: RequestInfo = { id: null, idempotency_key: null };

/** Creates Event objects and hands each action's events to delivery as one batch. */
export class EventBus {
  private batch: StripeEvent[] = [];
  private request: RequestInfo = AUTOMATIC;
  private depth = 0;
  private readonly delivered = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly deliverer: Deliverer,
    private readonly endpoints: EndpointRegistry,
  ) {}

  /** Everything emitted inside `fn` is one batch, attributed to `request` (null id for automatic events). */
  run<T>(request: RequestInfo, fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    this.request = request;
    try {
      return fn();
    } finally {
      this.depth--;
      this.request = AUTOMATIC;
      this.flush();
    }
  }

  /** Events of `fn` belong to no request, like Stripe's own scheduled work (renewals, retries), whatever request triggered it. */
  automatic<T>(fn: () => T): T {
    const saved = this.request;
    this.request = AUTOMATIC;
    try {
      return fn();
    } finally {
      this.request = saved;
    }
  }

  /** `object` is deep-copied: event payloads are snapshots at event time, not live references. */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: this.clock.now(),
      data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: structuredClone(previousAttributes) } : {}) },
      livemode: false,
      pending_webhooks: this.endpoints.all().filter((e) => wants(e, type)).length,
      request: { ...this.request },
      type,
    };
    this.store.insert(event);
    this.batch.push(event);
    if (this.depth === 0) this.flush();
    return event;
  }

  /** Called by delivery on a 2xx; duplicates (chaos or retries racing) must not count twice. */
  markDelivered(eventId: string, endpointId: string): void {
    const key = `${eventId}:${endpointId}`;
    if (this.delivered.has(key)) return;
    this.delivered.add(key);
    const event = this.store.get<StripeEvent>("event", eventId);
    if (event && event.pending_webhooks > 0) {
      event.pending_webhooks--;
      this.store.touch();
    }
  }

  body(eventId: string): string | undefined {
    const event = this.store.get<StripeEvent>("event", eventId);
    return event ? JSON.stringify(event, null, 2) : undefined;
  }

  private flush(): void {
    const events = this.batch;
    this.batch = [];
    if (events.length > 0) this.deliverer.dispatch(events, this.endpoints.all());
  }
}
