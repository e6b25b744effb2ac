import { spawn } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// A second storefront for the specs that need a setting the main one (playwright.config.ts) does
// not have, such as automatic tax: the same production build, started by the same launcher with
// its own ports, data folder, sandbox and database (but the main run's mailbox), and stopped when
// the spec is done.

export interface SecondStore {
  url: string;
  sandboxUrl: string;
  stop(): Promise<void>;
}

interface StoreOptions {
  /** Names its data folder (.data/e2e-<name>) and its database (storefront_e2e_<name>). */
  name: string;
  port: number;
  sandboxPort: number;
  embeddedDbPort: number;
  env: Record<string, string>;
}

/** On the PostgreSQL server the tests use, a database of its own (e2e/prepare-run.ts makes it afresh). */
function databaseFor(name: string): string | undefined {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString() : undefined;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    (response) => response.ok,
    () => false,
  );
}

export async function startSecondStore(options: StoreOptions): Promise<SecondStore> {
  const dataDir = `.data/e2e-${options.name}`;
  const databaseUrl = databaseFor(`storefront_e2e_${options.name}`);
  const url = `http://127.0.0.1:${options.port}`;
  const env = {
    ...process.env,
    PORT: String(options.port),
    SANDBOX_PORT: String(options.sandboxPort),
    EMBEDDED_DB_PORT: String(options.embeddedDbPort),
    STOREFRONT_DATA_DIR: dataDir,
    BETTER_AUTH_URL: url,
    APP_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    STOREFRONT_DEMO: "1",
    TRUST_PROXY_HOPS: "1",
    ADMIN_EMAILS: "owner@store.e2e.example",
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    ...options.env,
  };
  // A fresh data folder and database, as the main store gets.
  const prepare = spawn(process.execPath, ["--import", "tsx", "e2e/prepare-run.ts"], { env, stdio: "inherit" });
  await new Promise<void>((resolve, reject) => prepare.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`e2e/prepare-run.ts exited ${code}`)))));
  // Its mail goes to the main run's mailbox, where e2e/support/mailbox.ts reads every buyer's links
  // (each test's buyer has an address of their own).
  const mainMailbox = path.resolve(".data/e2e/mail");
  mkdirSync(mainMailbox, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  symlinkSync(mainMailbox, path.join(dataDir, "mail"));
  // One process: the launcher, loaded through tsx, which stops its children when it is stopped.
  const store = spawn(process.execPath, ["--import", "tsx", "scripts/run.ts", "start"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((resolve) => store.on("exit", () => resolve()));
  const deadline = Date.now() + 120_000;
  while (!(await answers(`${url}/api/health/live`))) {
    if (store.exitCode !== null || Date.now() > deadline) {
      store.kill("SIGTERM");
      throw new Error(`the ${options.name} store did not start at ${url}`);
    }
    await sleep(250);
  }
  return {
    url,
    sandboxUrl: `http://127.0.0.1:${options.sandboxPort}`,
    async stop() {
      store.kill("SIGTERM");
      await exited;
    },
  };
}
