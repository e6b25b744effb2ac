import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appInstance, type AppInstance } from "./app";
import { createDatabase, type ChaosDatabase } from "./database";
import { freePort } from "./processes";
import { startChaosSandbox, type ChaosSandbox } from "./sandbox";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";
import { startSmtpSink } from "@/test-support/smtp-sink";

// The whole system under test, as separate processes talking over 127.0.0.1: one fresh
// database behind a cuttable proxy, the Stripe sandbox, and two storefront instances sharing
// that database, as two servers behind a load balancer would.

export interface Stack {
  readonly database: ChaosDatabase;
  readonly proxy: TcpProxy;
  readonly sandbox: ChaosSandbox;
  /** Instance A and instance B. */
  readonly apps: readonly [AppInstance, AppInstance];
  readonly cronSecret: string;
  readonly authSecret: string;
  stop(): Promise<void>;
}

interface StackOptions {
  /** The sandbox delivers every event to both instances itself; otherwise the test delivers. */
  sandboxDelivers: boolean;
  /**
   * TRUST_PROXY_HOPS of both instances. 1 by default: the test clients play the load balancer
   * and give each buyer a network of its own in X-Forwarded-For.
   */
  trustProxyHops?: number;
}

export function databaseServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const serverUrl = databaseServerUrl();
  if (!serverUrl) throw new Error("TEST_DATABASE_URL must name a PostgreSQL server");
  if (!existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npx next build` first");

  const cleanups: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const database = await createDatabase(serverUrl);
    cleanups.push(() => database.drop());
    const proxy = await startTcpProxy({ host: database.host, port: database.port });
    cleanups.push(() => proxy.close());

    const ports = [await freePort(), await freePort()] as const;
    const webhookUrls = ports.map((port) => `http://127.0.0.1:${port}/api/stripe/webhook`);
    const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
    const sandbox = await startChaosSandbox({ webhookSecret, forwardTo: options.sandboxDelivers ? webhookUrls : [] });
    cleanups.push(() => sandbox.service.stop());

    // Production needs a mail server (the account mail: verification, resets): one that keeps what it is sent.
    const mail = await startSmtpSink();
    cleanups.push(() => mail.close());

    const cronSecret = randomBytes(24).toString("hex");
    // Shared, so a buyer signed in on one instance is signed in on the other.
    const authSecret = randomBytes(32).toString("base64url");
    const apps = (["A", "B"] as const).map((name, index) => {
      const url = `http://127.0.0.1:${ports[index]}`;
      return appInstance(`instance ${name}`, ports[index] ?? 0, {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: database.via(proxy.port),
        STRIPE_SECRET_KEY: sandbox.secretKey,
        STRIPE_API_BASE: sandbox.url,
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        BETTER_AUTH_SECRET: authSecret,
        BETTER_AUTH_URL: url,
        APP_URL: url,
        CRON_SECRET: cronSecret,
        SMTP_URL: mail.url,
        TRUST_PROXY_HOPS: String(options.trustProxyHops ?? 1),
        NEXT_TELEMETRY_DISABLED: "1",
        // A line per request is thousands of lines a storm, which the suite reads and drops; its
        // warnings and errors still come through (lib/observability/logger.test.ts proves the lines).
        LOG_LEVEL: "warn",
      });
    });
    const [a, b] = apps;
    if (!a || !b) throw new Error("two instances expected");
    cleanups.push(async () => {
      await Promise.all([a.stop(), b.stop()]);
    });
    await Promise.all([a.start(), b.start()]);

    return { database, proxy, sandbox, apps: [a, b], cronSecret, authSecret, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
