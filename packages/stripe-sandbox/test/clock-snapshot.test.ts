import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { TestClock } from "../src/objects/test-clock";
import { startSandbox } from "../src/server";
import { DAY, JAN_1 } from "./billing-helpers";

describe("test clocks in a snapshot", () => {
  it("a clock saved mid-advance finishes its advance after a restart", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sandbox-")), "state.json");
    const client = (port: number) => new Stripe("sk_test_x", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
    const first = await startSandbox({ port: 0, snapshot: file });
    const clock = await client(first.port).testHelpers.testClocks.create({ frozen_time: JAN_1 });
    // What a process that died between `advance` and its timer leaves behind.
    const stored = first.runtime.store.get<TestClock>("test_helpers.test_clock", clock.id);
    if (!stored) throw new Error("clock not stored");
    stored.status = "advancing";
    stored.status_details = { advancing: { target_frozen_time: JAN_1 + DAY } };
    first.runtime.store.touch();
    await first.close();

    const second = await startSandbox({ port: 0, snapshot: file });
    try {
      const resumed = await client(second.port).testHelpers.testClocks.retrieve(clock.id);
      expect(resumed).toMatchObject({ status: "ready", frozen_time: JAN_1 + DAY, status_details: {} });
    } finally {
      await second.close();
    }
  });
});
