import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { createFreshDatabase } from "@/test-support/databases";

// Every test file gets a database of its own, migrated from the committed SQL, and a data folder
// of its own, where the mail its buyers are sent is written (lib/mail/, no SMTP_URL in tests).
const database = await createFreshDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), "storefront-unit-"));
process.env.STOREFRONT_DATA_DIR = dataDir;

afterAll(async () => {
  const { disconnectDatabase } = await import("@/lib/db");
  const { mailSettled } = await import("@/lib/mail/outbox");
  await mailSettled();
  await disconnectDatabase();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});
