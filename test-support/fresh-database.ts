import { afterAll } from "vitest";
import { createFreshDatabase } from "@/test-support/databases";

// Every test file gets a database of its own, migrated from the committed SQL.
const database = await createFreshDatabase();

afterAll(async () => {
  const { disconnectDatabase } = await import("@/lib/db");
  await disconnectDatabase();
  await database.drop();
});
