import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/server";

describe("snapshot persistence", () => {
  it("a restarted sandbox still knows the customers, sessions and idempotency keys of the last run", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sandbox-")), "state.json");
    const first = await startSandbox({ port: 0, snapshot: file });
    const client = (port: number) => new Stripe("sk_test_x", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
    const customer = await client(first.port).customers.create({ email: "keep@example.com" }, { idempotencyKey: "persist-1" });
    await first.close();

    const second = await startSandbox({ port: 0, snapshot: file });
    try {
      const stripe = client(second.port);
      expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ email: "keep@example.com" });
      const replay = await stripe.customers.create({ email: "keep@example.com" }, { idempotencyKey: "persist-1" });
      expect(replay.id).toBe(customer.id);
    } finally {
      await second.close();
    }
  });
});
