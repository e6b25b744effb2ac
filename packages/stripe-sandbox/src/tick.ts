import { runBillingSweep } from "./billing/sweep";
import { expireDueSessions } from "./checkout/expire";
import type { Deps } from "./core/deps";

/**
 * The sandbox's one runtime tick: what falls due with sandbox time alone. Open Checkout Sessions past
 * `expires_at` expire, then billing due for customers without a test clock runs (renewals, retries,
 * incomplete expiry, a stalled test-clock advance). The server's timer runs it, and so does every API
 * request, control and hosted page before its own work, inside that request's event batch.
 * (Delayed refund and dispute steps are `runDueSteps` in payments/due.ts, run before the batch.)
 */
export function tick(deps: Deps): void {
  expireDueSessions(deps);
  runBillingSweep(deps);
}
