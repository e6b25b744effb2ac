import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "@/test-support/databases";
import { databaseServerUrl } from "../chaos/harness";
import { freePort, runScript, startService, waitFor, type Service } from "../chaos/processes";
import { skipWithoutPostgres } from "@/test-support/required-services";

// Production is `npm start` (the launcher) or `next start` with NODE_ENV=production. Neither may
// quietly run on a generated auth secret and the offline sandbox, and neither prints a secret.

/** Only PATH and `extra`: no NODE_ENV (`npm start` must be production without being told), no secrets. */
function bareEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(environment)) if (name !== "PATH") delete environment[name];
  return Object.assign(environment, { NEXT_TELEMETRY_DISABLED: "1" }, extra);
}
const services: Service[] = [];

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
});

async function exitOutput(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const failure = await runScript(args, env, 60_000).then(
    (output) => new Error(`expected a refusal, but it ran to the end:\n${output}`),
    (error: unknown) => error,
  );
  if (!(failure instanceof Error) || failure.message.startsWith("expected a refusal")) throw failure;
  return failure.message;
}

describe("starting in production", () => {
  it("npm start refuses to start without the auth secret and the Stripe keys, and says which are missing", async () => {
    const output = await exitOutput(["--import", "tsx", "scripts/run.ts", "start"], bareEnvironment({ STRIPE_SECRET_KEY: "sk_test_given" }));
    expect(output).toMatch(/Refusing to start in production without BETTER_AUTH_SECRET, STRIPE_WEBHOOK_SECRET/);
    expect(output).toContain("STOREFRONT_DEMO=1");
    expect(output).not.toContain("sk_test_given");
  });

  it("next start with NODE_ENV=production refuses to start without them too", async () => {
    const port = await freePort();
    const output = await exitOutput(["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], bareEnvironment({ NODE_ENV: "production" }));
    expect(output).toMatch(/Refusing to start in production without BETTER_AUTH_SECRET, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET/);
  });

  it.skipIf(skipWithoutPostgres("the demo start test"))("STOREFRONT_DEMO=1 runs the demo on the sandbox and prints neither the webhook secret nor the auth secret", async () => {
    const database = await createPostgresDatabase(databaseServerUrl() ?? "", "storefront_demo_start");
    const dataDir = mkdtempSync(path.join(tmpdir(), "storefront-demo-"));
    try {
      const port = await freePort();
      const environment = bareEnvironment({
        STOREFRONT_DEMO: "1",
        DATABASE_URL: database.url,
        PORT: String(port),
        SANDBOX_PORT: String(await freePort()),
        STOREFRONT_DATA_DIR: dataDir,
      });
      const demo = startService("npm start (demo)", ["--import", "tsx", "scripts/run.ts", "start"], environment);
      services.push(demo);
      await waitFor("the demo to serve the grid", async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, 90_000);
      await demo.stop();
      const output = demo.output();
      expect(output).toContain("offline Stripe sandbox");
      expect(output).not.toMatch(/whsec_/);
      expect(output).not.toContain(readFileSync(path.join(dataDir, "sandbox-webhook-secret"), "utf8").trim());
      expect(output).not.toContain(readFileSync(path.join(dataDir, "auth-secret"), "utf8").trim());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
