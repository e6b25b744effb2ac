import { createHash } from "node:crypto";
import type { Store } from "../core/store";
import { StripeApiError } from "../http/errors";

type Replay = { status: number; body: string };

export function fingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

/** Same key + same request → the stored bytes; same key + different params → idempotency_error. */
export function lookup(store: Store, key: string, print: string): Replay | undefined {
  const stored = store.idempotency.get(key);
  if (!stored) return undefined;
  if (stored.fingerprint !== print) {
    throw new StripeApiError(400, {
      type: "idempotency_error",
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    });
  }
  return { status: stored.status, body: stored.body };
}

/** Stripe saves a result only once the endpoint started executing: not for 400/404 validation failures. */
export function remember(store: Store, key: string, print: string, status: number, body: string): void {
  if (status === 400 || status === 404 || status === 401) return;
  store.idempotency.set(key, { fingerprint: print, status, body });
  store.touch();
}
