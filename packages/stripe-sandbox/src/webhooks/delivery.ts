import { postEvent, type DeliveryAttempt } from "./attempt";
import type { ChaosConfig } from "./chaos";
import { wants, type Endpoint } from "./endpoints";
import { EndpointHealth } from "./health";
import { retryDelayMs } from "./schedule";
import type { DeliverySettings } from "./settings";

type OutgoingEvent = { id: string; type: string };

type Job = { event: OutgoingEvent; endpointId: string; attempt: number };

type Lane = { active: number; ready: Job[]; inFlight: Set<Job> };

/** A delivery not yet finished: waiting for its (re)try, ready to be sent, or in flight. */
type OutstandingDelivery = { eventId: string; type: string; endpointId: string; attempt: number; state: "scheduled" | "ready" | "sending"; dueInMs: number | null };

type Hooks = {
  /** The endpoint if it still exists and is enabled. */
  endpoint(id: string): Endpoint | undefined;
  body(eventId: string): string | undefined;
  delivered(eventId: string, endpointId: string): void;
  disable(endpointId: string): void;
  /** Sandbox time in ms, so that advancing the sandbox clock counts towards the disable window. */
  now(): number;
};

/** Largest random hold `shuffle` adds before a first attempt, so arrival order scrambles even at an instant receiver. */
const SHUFFLE_JITTER_MS = 50;

/**
 * Sends events to endpoints with Stripe's success rule (2xx only), its retry schedule (compressed), endpoint
 * disabling and the chaos switches. Deliveries to one endpoint run concurrently, started in random order from
 * a pool, because Stripe promises no order (stripe-facts.md §2, "Webhook delivery concurrency").
 */
export class Deliverer {
  readonly log: DeliveryAttempt[] = [];
  readonly health: EndpointHealth;
  /** Observer for logging (the CLI prints one line per attempt). */
  onAttempt: ((attempt: DeliveryAttempt) => void) | undefined;
  private readonly lanes = new Map<string, Lane>();
  private readonly waiting = new Map<NodeJS.Timeout, { job: Job; dueAt: number }>();
  private readonly aborts = new Set<AbortController>();
  /** Deliveries queued while held, in the order they became ready; undefined when not holding. */
  private backlog: Job[] | undefined;
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly settings: DeliverySettings,
    private readonly chaos: () => ChaosConfig,
    private readonly hooks: Hooks,
  ) {
    this.health = new EndpointHealth(settings.disableAfterMs);
  }

  /** One batch = the events of one action. They enter each endpoint's pool together, so none is bound to go first. */
  dispatch(events: OutgoingEvent[], endpoints: Endpoint[]): void {
    const chaos = this.chaos();
    const touched = new Set<string>();
    for (const endpoint of endpoints) {
      for (const event of events) {
        if (!wants(endpoint, event.type)) continue;
        const copies = chaos.duplicate ? 2 : 1;
        for (let i = 0; i < copies; i++) {
          this.pending++;
          const job = { event, endpointId: endpoint.id, attempt: 1 };
          const hold = chaos.delayMs + (chaos.shuffle ? Math.floor(Math.random() * SHUFFLE_JITTER_MS) : 0);
          if (this.backlog) this.backlog.push(job);
          else if (hold > 0) this.later(job, hold);
          else {
            this.lane(endpoint.id).ready.push(job);
            touched.add(endpoint.id);
          }
        }
      }
    }
    // Sent once the request that caused them has been answered, as Stripe queues its deliveries
    // rather than making the API call wait for them.
    setImmediate(() => {
      for (const endpointId of touched) this.pump(endpointId);
    });
  }

  /**
   * Queues every delivery, first attempts and retries alike, without attempting it until `release()`: while
   * the receiver is still starting, an attempt could only fail, be logged, and count towards disabling it.
   * Call it before events flow; deliveries already in flight are not recalled.
   */
  hold(): void {
    this.backlog ??= [];
  }

  /**
   * Sends what was held one at a time per endpoint, in the order it was queued, so a receiver that starts
   * late sees the events as they happened. Failures take the normal retry path; once the backlog is empty,
   * delivery is concurrent again.
   */
  async release(): Promise<void> {
    while (this.backlog && this.backlog.length > 0) {
      const byEndpoint = new Map<string, Job[]>();
      for (const job of this.backlog.splice(0)) {
        const queue = byEndpoint.get(job.endpointId) ?? [];
        queue.push(job);
        byEndpoint.set(job.endpointId, queue);
      }
      await Promise.all(
        [...byEndpoint.values()].map(async (jobs) => {
          for (const job of jobs) await this.attempt(job);
        }),
      );
    }
    this.backlog = undefined;
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How many deliveries are still to finish, and those of them queued or sending, so a caller waiting for quiet can say what it waits for. */
  outstanding(): { pending: number; deliveries: OutstandingDelivery[] } {
    const view = (job: Job, state: OutstandingDelivery["state"], dueInMs: number | null): OutstandingDelivery => ({ eventId: job.event.id, type: job.event.type, endpointId: job.endpointId, attempt: job.attempt, state, dueInMs });
    const now = Date.now();
    const deliveries = [
      ...[...this.lanes.values()].flatMap((lane) => [...[...lane.inFlight].map((job) => view(job, "sending", null)), ...lane.ready.map((job) => view(job, "ready", null))]),
      ...[...this.waiting.values()].map(({ job, dueAt }) => view(job, "scheduled", Math.max(0, dueAt - now))),
      ...(this.backlog ?? []).map((job) => view(job, "scheduled", null)),
    ];
    return { pending: this.pending, deliveries };
  }

  clearLog(): void {
    this.log.length = 0;
  }

  close(): void {
    this.closed = true;
    this.backlog = undefined;
    for (const timer of this.waiting.keys()) clearTimeout(timer);
    this.waiting.clear();
    this.lanes.clear();
    for (const abort of this.aborts) abort.abort();
    this.pending = 0;
    this.settle();
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { active: 0, ready: [], inFlight: new Set() };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  private later(job: Job, ms: number): void {
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      if (this.backlog) this.backlog.push(job);
      else {
        this.lane(job.endpointId).ready.push(job);
        this.pump(job.endpointId);
      }
    }, ms);
    this.waiting.set(timer, { job, dueAt: Date.now() + ms });
  }

  /** Starts ready jobs, picked at random, until the endpoint has `concurrency` in flight. */
  private pump(endpointId: string): void {
    const lane = this.lane(endpointId);
    while (!this.closed && lane.active < this.settings.concurrency && lane.ready.length > 0) {
      const [job] = lane.ready.splice(Math.floor(Math.random() * lane.ready.length), 1);
      if (!job) return;
      lane.active++;
      lane.inFlight.add(job);
      void this.attempt(job).finally(() => {
        lane.active--;
        lane.inFlight.delete(job);
        this.pump(endpointId);
      });
    }
  }

  private async attempt(job: Job): Promise<void> {
    const endpoint = this.hooks.endpoint(job.endpointId);
    const body = this.hooks.body(job.event.id);
    // A deleted or disabled endpoint is not retried, as on Stripe.
    if (this.closed || !endpoint || body === undefined) return this.finish();
    const startedMs = this.hooks.now();
    const startedAt = new Date().toISOString();
    const result = job.attempt <= this.chaos().failFirst ? { status: null, error: "chaos: failFirst (not sent)", t: null } : await postEvent(endpoint, body, this.settings.timeoutMs, this.aborts);
    if (this.closed) return;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    if (ok) this.health.succeeded(endpoint.id);
    // Re-read: the endpoint may have been disabled or deleted while this attempt was in flight.
    const stillEnabled = this.hooks.endpoint(endpoint.id) !== undefined;
    const disabledEndpoint = !ok && stillEnabled && this.health.failed(endpoint.id, startedMs, this.hooks.now());
    const willRetry = !ok && stillEnabled && !disabledEndpoint && job.attempt < this.settings.maxAttempts;
    const nextRetryInMs = willRetry ? retryDelayMs(job.attempt, this.settings.timeScale) : null;
    const record: DeliveryAttempt = {
      eventId: job.event.id,
      type: job.event.type,
      endpointId: endpoint.id,
      url: endpoint.url,
      attempt: job.attempt,
      status: result.status,
      ok,
      error: disabledEndpoint ? `${result.error ?? `HTTP ${result.status}`}; endpoint disabled after failing for ${this.settings.disableAfterMs} ms` : result.error,
      signatureTimestamp: result.t,
      startedAt,
      finishedAt: new Date().toISOString(),
      willRetry,
      nextRetryInMs,
      disabledEndpoint,
    };
    this.log.push(record);
    this.onAttempt?.(record);
    if (ok) this.hooks.delivered(job.event.id, endpoint.id);
    if (disabledEndpoint) {
      this.hooks.disable(endpoint.id);
      this.drop(endpoint.id);
    }
    if (nextRetryInMs === null) return this.finish();
    this.later({ ...job, attempt: job.attempt + 1 }, nextRetryInMs);
  }

  /** Forgets every queued and scheduled delivery to a disabled endpoint; in-flight ones finish without retrying. */
  private drop(endpointId: string): void {
    for (const [timer, { job }] of this.waiting) {
      if (job.endpointId !== endpointId) continue;
      clearTimeout(timer);
      this.waiting.delete(timer);
      this.finish();
    }
    const lane = this.lane(endpointId);
    const dropped = lane.ready.length;
    lane.ready = [];
    for (let i = 0; i < dropped; i++) this.finish();
  }

  private finish(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
