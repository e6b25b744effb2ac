import type { Endpoint } from "./endpoints";
import { signatureHeader } from "./signature";

// One delivery attempt: the signed POST as Stripe sends it, and the record the log keeps of it.
// Scheduling (pools, retries, holding, disabling) is delivery.ts.

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
  /** Compressed wait before the next attempt, like the Dashboard's "next attempt"; null when none follows. */
  nextRetryInMs: number | null;
  /** This failure completed the disable window: the endpoint is now disabled and its retries are dropped. */
  disabledEndpoint: boolean;
};

export type SendResult = { status: number | null; error: string | null; t: number };

/** POSTs the event body to the endpoint, signed; `aborts` holds its controller while in flight so the deliverer can cancel it on close. */
export async function postEvent(endpoint: Endpoint, body: string, timeoutMs: number, aborts: Set<AbortController>): Promise<SendResult> {
  // Fresh timestamp per attempt: Stripe re-signs retries, and receivers enforce a 300 s tolerance.
  const t = Math.floor(Date.now() / 1000);
  const abort = new AbortController();
  aborts.add(abort);
  const timer = setTimeout(() => abort.abort(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
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
    aborts.delete(abort);
  }
}
