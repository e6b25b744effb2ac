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
  /** Resolves once no webhook delivery is pending a retry and none has been attempted for a second. */
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

  interface Attempt {
    eventId: string;
    type: string;
    url: string;
    attempt: number;
    status: number | null;
    error: string | null;
    willRetry: boolean;
    nextRetryInMs: number | null;
  }
  async function deliveriesSettled(timeoutMs: number): Promise<void> {
    // Every attempt that will be retried is followed by exactly one later attempt; counting
    // both (rather than matching them by event) stays right when the sandbox sends duplicates.
    const pending = async (): Promise<{ count: number; retrying: boolean }> => {
      const { data } = await control<{ data: Attempt[] }>("/_sandbox/deliveries");
      const retries = data.filter((a) => a.attempt > 1).length;
      return { count: data.length, retrying: data.filter((a) => a.willRetry).length > retries };
    };
    try {
      await waitFor(
        "the sandbox's webhook retries to finish",
        async () => {
          const before = await pending();
          await sleep(1_000);
          const after = await pending();
          return !after.retrying && after.count === before.count;
        },
        timeoutMs,
      );
    } catch (error) {
      // Which deliveries kept failing, so that a run that times out says why.
      const { data } = await control<{ data: Attempt[] }>("/_sandbox/deliveries");
      const latest = new Map(data.map((a) => [`${a.eventId} ${a.url}`, a]));
      // Those still to be retried first: they are what the wait was for.
      const failing = [...latest.values()].filter((a) => a.willRetry || a.attempt > 3).sort((a, b) => Number(b.willRetry) - Number(a.willRetry));
      const lines = failing.slice(0, 20).map((a) => `${a.type} ${a.eventId} → ${a.url}: attempt ${a.attempt}, ${a.status ?? a.error}, next in ${a.nextRetryInMs ?? "–"} ms`);
      throw new Error(`${(error as Error).message}; ${failing.length} deliveries still failing or slow:\n${lines.join("\n")}`, { cause: error });
    }
  }

  return { url, secretKey, webhookSecret: options.webhookSecret, stripe, service, control, deliveriesSettled };
}
