import { runBillingSweep } from "./billing/sweep";
import { expireDueSessions } from "./checkout/expire";
import type { Deps } from "./core/deps";

/**
 * The sandbox's one runtime tick: what falls due with sandbox time alone. Open Checkout Sessions past
 * `expires_at` expire, then billing due for customers without a test clock runs (renewals, retries,
 * incomplete expiry, a stalled test-clock advance). The server's timer runs it, and so do every /v1
 * request, the payment, expiry and clock controls, the checkout page and the portal's actions, before
 * their own work and inside their event batch. (Delayed refund and dispute steps are `runDueSteps` in
 * payments/due.ts, run before the batch.)
 */
export function tick(deps: Deps): void {
  expireDueSessions(deps);
  runBillingSweep(deps);
}
