import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/prisma/embedded-server";
import { applyMigrations } from "@/prisma/migrate";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";
import { missingProductionSettings, refusalMessage } from "@/lib/config/production-guard";
import { describeSmtp, mailDirectory } from "@/lib/mail/mail-settings";
import { banner } from "./banner";
import { warmUp } from "./warm-up";

// `npm run dev` / `npm start`: runs the storefront with whatever the environment leaves out
// filled in locally, so a fresh clone needs no database server and no Stripe account:
//   no DATABASE_URL       → PGlite persisted in .data/pglite, served by this process only;
//   no STRIPE_SECRET_KEY  → the offline Stripe sandbox (packages/stripe-sandbox/), its state in .data;
//   no BETTER_AUTH_SECRET → a random secret kept in .data;
//   no SMTP_URL           → mail written as .eml files to .data/mail/.
// `npm start` is production: it fills nothing in unless STOREFRONT_DEMO=1 asks for the demo.
// STOREFRONT_DATA_DIR moves .data (the end-to-end tests use a fresh one per run).
// Once the app listens it prints one banner (scripts/banner.ts) saying what it runs on; in
// development it then requests the buyer's routes so that they compile before anyone clicks.

for (const file of [".env.local", ".env"]) if (existsSync(file)) process.loadEnvFile(file);
for (const [key, value] of Object.entries(process.env)) if (value === "") delete process.env[key];

const mode = process.argv[2] === "start" ? "start" : "dev";
const appPort = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 12111);
const dataDir = path.resolve(process.env.STOREFRONT_DATA_DIR ?? ".data");
mkdirSync(dataDir, { recursive: true });
// The app finds its mail folder (and anything else kept there) where the launcher put it.
process.env.STOREFRONT_DATA_DIR = dataDir;

const children: ChildProcess[] = [];
let embedded: EmbeddedPostgres | undefined;

function persistentSecret(file: string, make: () => string): string {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) writeFileSync(full, make(), { mode: 0o600 });
  return readFileSync(full, "utf8").trim();
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Another server on one of our ports would answer for us: the banner would lie and deliveries go astray. */
async function refuseTakenPort(port: number, variable: string): Promise<void> {
  if (await accepts(port)) throw new Error(`Port ${port} is already in use; stop what is listening there or set ${variable} to another port.`);
}

/** A TCP connection, not a page request: in development a page would first have to compile. */
async function untilListening(port: number): Promise<void> {
  while (!(await accepts(port))) await sleep(100);
}

/** The sandbox package's CLI (its `stripe-sandbox` bin), run as a program: the launcher imports none of it. */
const SANDBOX_CLI = fileURLToPath(new URL("../packages/stripe-sandbox/src/cli.ts", import.meta.url));

/** Returns the sandbox's base URL. */
async function startSandbox(): Promise<string> {
  await refuseTakenPort(sandboxPort, "SANDBOX_PORT");
  const webhookUrl = `http://127.0.0.1:${appPort}/api/stripe/webhook`;
  const webhookSecret = persistentSecret("sandbox-webhook-secret", () => `whsec_${randomBytes(24).toString("hex")}`);
  const sandbox = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      SANDBOX_CLI,
      "serve",
      "--port",
      String(sandboxPort),
      "--snapshot",
      path.join(dataDir, "stripe-sandbox.json"),
      "--forward-to",
      webhookUrl,
      "--webhook-secret",
      webhookSecret,
      // Subscribed as README's "Going live" has the real endpoint subscribed, so the catalog's
      // product and price events below are not sent at all.
      "--events",
      [...handledEventTypes].join(","),
      // Events wait until the webhook route answers instead of failing into the retry schedule
      // while Next starts, and only failures are printed.
      "--wait-for",
      webhookUrl,
      "--quiet",
    ],
    { stdio: "inherit" },
  );
  children.push(sandbox);
  const base = `http://127.0.0.1:${sandboxPort}`;
  await waitForHttp(`${base}/_sandbox/health`, 30_000);
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_sandbox",
    STRIPE_API_BASE: base,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    // Any test key opens the sandbox's Stripe.js stand-in, so Checkout can be embedded locally too.
    STRIPE_PUBLISHABLE_KEY: "pk_test_sandbox",
  });
  const { ensureCatalogInStripe } = await import("@/lib/catalog/catalog-setup");
  await ensureCatalogInStripe();
  return base;
}

async function main(): Promise<void> {
  const missing = missingProductionSettings({ ...process.env, NODE_ENV: mode === "start" ? "production" : process.env.NODE_ENV });
  if (missing.length > 0) {
    console.error(refusalMessage(missing));
    process.exit(1);
  }
  await refuseTakenPort(appPort, "PORT");
  const embeddedDir = process.env.DATABASE_URL ? undefined : path.join(dataDir, "pglite");
  if (embeddedDir) {
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 54329) });
    process.env.DATABASE_URL = embedded.url;
    process.env.DATABASE_POOL_SIZE = "5";
  }
  const databaseUrl = process.env.DATABASE_URL ?? "";
  await applyMigrations(databaseUrl);

  const sandboxUrl = process.env.STRIPE_SECRET_KEY ? undefined : await startSandbox();
  process.env.BETTER_AUTH_SECRET ??= persistentSecret("auth-secret", () => randomBytes(32).toString("base64url"));
  process.env.BETTER_AUTH_URL ??= `http://localhost:${appPort}`;
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";

  const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", mode, "-p", String(appPort)], { stdio: "inherit" });
  children.push(next);
  next.on("exit", (code) => void shutdown(code ?? 0));

  await untilListening(appPort);
  console.log(
    banner({
      appUrl: `http://localhost:${appPort}`,
      databaseUrl,
      stripeKey: process.env.STRIPE_SECRET_KEY ?? "",
      mail: process.env.SMTP_URL ? { smtp: describeSmtp(process.env.SMTP_URL) } : { folder: mailDirectory(dataDir) },
      ...(embeddedDir && { embeddedDir }),
      ...(sandboxUrl ? { sandboxUrl } : process.env.STRIPE_API_BASE && { stripeApiBase: process.env.STRIPE_API_BASE }),
    }),
  );
  // Not in production: the build has compiled everything already, and the end-to-end tests, which
  // run `start`, count the requests the app receives.
  if (mode === "dev") void warmUp(`http://127.0.0.1:${appPort}`);
}

async function shutdown(code: number): Promise<never> {
  for (const child of children) child.kill("SIGTERM");
  await embedded?.stop().catch(() => {});
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
