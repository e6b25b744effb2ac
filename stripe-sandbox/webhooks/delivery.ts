import type { ChaosConfig } from "./chaos";
import { signatureHeader } from "./signature";

export type Endpoint = { id: string; url: string; secret: string; enabledEvents: string[] };

export type DeliverySettings = {
  /** Per-attempt timeout; Stripe publishes none, the Stripe CLI uses 30 s. */
  timeoutMs: number;
  /** Delay before retry n is base × 2^(n-1). */
  retryBaseMs: number;
  /** Total attempts including the first (test mode: first + 3 retries). */
  maxAttempts: number;
};

export type DeliveryAttempt = {
  eventId: string;
  type: string;
  endpointId: string;
  url: string;
  attempt: number;
  /** HTTP status, or null when nothing came back (network error, timeout, chaos). */
  status: number | null;
  ok: boolean;
  error: string | null;
  signatureTimestamp: number | null;
  startedAt: string;
  finishedAt: string;
  willRetry: boolean;
};

type OutgoingEvent = { id: string; type: string };

type Job = { event: OutgoingEvent; endpointId: string };

type Hooks = {
  endpoint(id: string): Endpoint | undefined;
  body(eventId: string): string | undefined;
  delivered(eventId: string, endpointId: string): void;
};

/** Sends events to endpoints with Stripe's success rule (2xx only), backoff retries and chaos switches. */
export class Deliverer {
  readonly log: DeliveryAttempt[] = [];
  /** Observer for logging (the CLI prints one line per attempt). */
  onAttempt: ((attempt: DeliveryAttempt) => void) | undefined;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly settings: DeliverySettings,
    private readonly chaos: () => ChaosConfig,
    private readonly hooks: Hooks,
  ) {}

  /** One batch = the events of one action; per endpoint they are sent in order unless `shuffle` is on. */
  dispatch(events: OutgoingEvent[], endpoints: Endpoint[]): void {
    const chaos = this.chaos();
    const ordered = chaos.shuffle ? shuffled(events) : events;
    for (const endpoint of endpoints) {
      for (const event of ordered) {
        if (!wants(endpoint, event.type)) continue;
        const copies = chaos.duplicate ? 2 : 1;
        for (let i = 0; i < copies; i++) this.enqueue({ event, endpointId: endpoint.id }, endpoint.url, chaos.delayMs);
      }
    }
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  clearLog(): void {
    this.log.length = 0;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const abort of this.aborts) abort.abort();
    this.pending = 0;
    this.settle();
  }

  private enqueue(job: Job, chainKey: string, delayMs: number): void {
    this.pending++;
    const previous = this.chains.get(chainKey) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (delayMs > 0) await this.sleep(delayMs);
      await this.attempt(job, 1);
    });
    this.chains.set(chainKey, next);
  }

  private async attempt(job: Job, attempt: number): Promise<void> {
    const endpoint = this.hooks.endpoint(job.endpointId);
    const body = this.hooks.body(job.event.id);
    // A deleted endpoint is not retried, as on Stripe.
    if (this.closed || !endpoint || body === undefined) return this.finish();
    const startedAt = new Date().toISOString();
    const result = attempt <= this.chaos().failFirst ? { status: null, error: "chaos: failFirst (not sent)", t: null } : await this.send(endpoint, body);
    if (this.closed) return;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const willRetry = !ok && attempt < this.settings.maxAttempts;
    const record: DeliveryAttempt = {
      eventId: job.event.id,
      type: job.event.type,
      endpointId: endpoint.id,
      url: endpoint.url,
      attempt,
      status: result.status,
      ok,
      error: result.error,
      signatureTimestamp: result.t,
      startedAt,
      finishedAt: new Date().toISOString(),
      willRetry,
    };
    this.log.push(record);
    this.onAttempt?.(record);
    if (ok) this.hooks.delivered(job.event.id, endpoint.id);
    if (!willRetry) return this.finish();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(job, attempt + 1);
    }, this.settings.retryBaseMs * 2 ** (attempt - 1));
    this.timers.add(timer);
  }

  private async send(endpoint: Endpoint, body: string): Promise<{ status: number | null; error: string | null; t: number }> {
    // Fresh timestamp per attempt: Stripe re-signs retries, and receivers enforce a 300 s tolerance.
    const t = Math.floor(Date.now() / 1000);
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(new Error(`timeout after ${this.settings.timeoutMs} ms`)), this.settings.timeoutMs);
    try {
      const res = await fetch(endpoint.url, {
        method: "POST",
        body,
        redirect: "manual",
        signal: abort.signal,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Cache-Control": "no-cache",
          Accept: "*/*; q=0.5, application/xml",
          "Stripe-Signature": signatureHeader(body, endpoint.secret, t),
        },
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status, error: null, t };
    } catch (err) {
      const reason = abort.signal.aborted ? abort.signal.reason : err;
      return { status: null, error: reason instanceof Error ? reason.message : String(reason), t };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
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

export function wants(endpoint: Endpoint, type: string): boolean {
  return endpoint.enabledEvents.includes("*") || endpoint.enabledEvents.includes(type);
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = out[i];
    const b = out[j];
    if (a !== undefined && b !== undefined) {
      out[i] = b;
      out[j] = a;
    }
  }
  return out;
}
