import { randomBytes } from "node:crypto";
import { appInstance, type AppInstance } from "@/e2e/chaos/app";
import { createDatabase, type ChaosDatabase } from "@/e2e/chaos/database";
import { freePort } from "@/e2e/chaos/processes";
import { startChaosSandbox, type ChaosSandbox } from "@/e2e/chaos/sandbox";
import { startSmtpSink } from "@/test-support/smtp-sink";
import { nextClientIp } from "./load";
import { serverProcesses } from "./server";

// What the bench runs against, each a process of its own: a database of its own on the
// PostgreSQL server, the Stripe sandbox, and `next start`s of the bench build wired to both;
// and the two requests every arm is made of, a ping of the floor route and a signed event.

export interface Server {
  app: AppInstance;
  pids: number[];
}

export interface Stack {
  database: ChaosDatabase;
  sandbox: ChaosSandbox;
  /**
   * A fresh `next start` of the bench build, set up as the chaos harness sets up its instances and
   * observed as a store would run it (metrics counted for a scraper, a log line per request);
   * `overrides` changes or (as undefined) removes variables.
   */
  startServer(overrides?: Record<string, string | undefined>): Promise<Server>;
  /** The bearer token every bench server's /api/metrics takes. */
  metricsToken: string;
  /** Signs at send time: a signature older than Stripe's five-minute tolerance would be refused. */
  sendEvent(server: Server, payload: string): Promise<Response>;
  postgresVersion(): Promise<string>;
  /** Another database on the same PostgreSQL server, migrated and empty, dropped by stop(). */
  anotherDatabase(): Promise<ChaosDatabase>;
  /** Stops the sandbox and drops the bench's databases. */
  stop(): Promise<void>;
}

/** The bench creates (and drops) a database of its own on the PostgreSQL server at serverUrl. */
export async function startStack(serverUrl: string): Promise<Stack> {
  const database = await createDatabase(serverUrl);
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  // The bench delivers every event itself, each exactly when an arm needs it.
  const sandbox = await startChaosSandbox({ webhookSecret, forwardTo: [] });
  const authSecret = randomBytes(32).toString("base64url");
  const metricsToken = randomBytes(24).toString("hex");
  // Production needs a mail server (verification and reset mail): one that keeps what it is sent.
  const mail = await startSmtpSink();
  const others: ChaosDatabase[] = [];

  return {
    database,
    sandbox,

    metricsToken,

    async startServer(overrides: Record<string, string | undefined> = {}) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = appInstance("storefront (bench build)", port, {
        PATH: process.env.PATH,
        STOREFRONT_BENCH: "1",
        DATABASE_URL: database.url,
        STRIPE_SECRET_KEY: sandbox.secretKey,
        STRIPE_API_BASE: sandbox.url,
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        BETTER_AUTH_SECRET: authSecret,
        BETTER_AUTH_URL: url,
        APP_URL: url,
        CRON_SECRET: randomBytes(24).toString("hex"),
        TRUST_PROXY_HOPS: "1",
        NEXT_TELEMETRY_DISABLED: "1",
        SMTP_URL: mail.url,
        METRICS_TOKEN: metricsToken,
        LOG_LEVEL: "info",
        ...overrides,
        NODE_ENV: "production",
      });
      await app.start();
      return { app, pids: serverProcesses(port) };
    },

    sendEvent(server, payload) {
      const signature = sandbox.stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
      return fetch(`${server.app.url}/api/stripe/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature, "x-forwarded-for": nextClientIp() },
        body: payload,
      });
    },

    async postgresVersion() {
      return (await database.pool.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "unknown";
    },

    async anotherDatabase() {
      const other = await createDatabase(serverUrl);
      others.push(other);
      return other;
    },

    async stop() {
      await mail.close();
      await sandbox.service.stop();
      await Promise.all([database, ...others].map((each) => each.drop()));
    },
  };
}

export function ping(server: Server): Promise<Response> {
  return fetch(`${server.app.url}/bench-floor`, { headers: { "x-forwarded-for": nextClientIp() } });
}
