import { fileURLToPath } from "node:url";
import { sandboxControl } from "@storefront/stripe-sandbox/control";
import Stripe from "stripe";
import { freePort, runScript, sleep, startService, waitFor, type Service } from "./processes";

// The offline Stripe sandbox as its own process, the `stripe` SDK pointed at it, and its
// /_sandbox controls (pay with a test card, settle a bank debit, expire a session).

export interface ChaosSandbox {
  readonly url: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly stripe: Stripe;
  readonly service: Service;
  /** POSTs (or GETs without a body) a /_sandbox control; a declined card (402) is an answer, not an error. */
  control<T>(path: string, body?: object): Promise<T>;
  /** Resolves once no webhook delivery is still to be attempted and none has been for a second. */
  deliveriesSettled(timeoutMs: number): Promise<void>;
}

/** The sandbox package's CLI (its `stripe-sandbox` bin), found from this file rather than the working directory. */
const SANDBOX_CLI = fileURLToPath(new URL("../../packages/stripe-sandbox/src/cli.ts", import.meta.url));

interface SandboxOptions {
  webhookSecret: string;
  /** Webhook endpoints the sandbox delivers to itself; none means the test delivers. */
  forwardTo: string[];
}

export async function startChaosSandbox(options: SandboxOptions): Promise<ChaosSandbox> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const secretKey = "sk_test_chaos";
  const service = startService(
    "stripe-sandbox",
    [
      "--import",
      "tsx",
      SANDBOX_CLI,
      "serve",
      "--port",
      String(port),
      "--webhook-secret",
      options.webhookSecret,
      // Quick retries, and enough of them to outlast a database cut or an instance restart.
      "--retry-base-ms",
      "100",
      "--max-attempts",
      "10",
      ...options.forwardTo.flatMap((target) => ["--forward-to", target]),
    ],
    process.env,
  );
  await waitFor("the sandbox to answer", async () => (await fetch(`${url}/_sandbox/health`)).ok, 60_000);
  await runScript(["--import", "tsx", "scripts/stripe-setup.ts"], { ...process.env, STRIPE_SECRET_KEY: secretKey, STRIPE_API_BASE: url });

  const stripe = new Stripe(secretKey, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 2 });

  const { control } = sandboxControl(url);

  interface Outstanding {
    pending: number;
    attempts: number;
    data: { eventId: string; type: string; endpointId: string; attempt: number; state: string; dueInMs: number | null }[];
  }
  async function deliveriesSettled(timeoutMs: number): Promise<void> {
    const outstanding = () => control<Outstanding>("/_sandbox/deliveries/outstanding");
    try {
      await waitFor(
        "the sandbox's webhook deliveries and retries to finish",
        async () => {
          const before = await outstanding();
          if (before.pending > 0) return false;
          // Quiet for a second too: the apps may still be making the calls whose events come next.
          await sleep(1_000);
          const after = await outstanding();
          return after.pending === 0 && after.attempts === before.attempts;
        },
        timeoutMs,
      );
    } catch (error) {
      // What the wait was for, so that a run that times out says why.
      const { pending, data } = await outstanding();
      const lines = data.slice(0, 20).map((d) => `${d.type} ${d.eventId} → ${d.endpointId}: attempt ${d.attempt} ${d.state}${d.dueInMs === null ? "" : ` in ${d.dueInMs} ms`}`);
      throw new Error(`${(error as Error).message}; ${pending} deliveries outstanding:\n${lines.join("\n")}`, { cause: error });
    }
  }

  return { url, secretKey, webhookSecret: options.webhookSecret, stripe, service, control, deliveriesSettled };
}
