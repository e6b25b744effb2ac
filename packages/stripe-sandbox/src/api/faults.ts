import type { IncomingMessage, ServerResponse } from "node:http";
import { API_VERSION } from "../core/constants";
import { newId } from "../core/ids";
import { sendJson } from "../http/respond";
import type { ChaosConfig } from "../webhooks/chaos";

/**
 * The API fault switches, applied before a /v1 request runs. An outage answers HTTP 500 with an `api_error`
 * body rather than dropping the connection: that is the status and error type Stripe documents for its own
 * failures (stripe-facts.md §5), stripe-node turns it into `StripeAPIError` and retries it like a connection
 * error, and nothing is stored under the Idempotency-Key because the request never started executing.
 * Returns true when the request has been answered here.
 */
export async function answeredByFault(chaos: () => ChaosConfig, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const delayMs = chaos().apiDelayMs;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  if (!chaos().apiOutage) return false;
  req.resume();
  const requestId = newId("req");
  sendJson(
    res,
    500,
    { error: { type: "api_error", message: "The Stripe sandbox is simulating an outage (apiOutage); the request was not processed.", request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } },
    { "Request-Id": requestId, "Stripe-Version": API_VERSION },
  );
  return true;
}
