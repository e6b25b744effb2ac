import { randomUUID } from "node:crypto";
import { afterEach, expect, it, vi } from "vitest";
import * as database from "@/lib/db";
import { onceClaimed } from "@/lib/payments/webhook/event-claims";
import { logger } from "@/lib/observability/logger";

// A delivery whose work failed gives its claim up at once; when even that fails (the database
// went away), the operator is told the claim will lapse by itself, and when.

const releaseFails = { now: false };

vi.mock("@/lib/db", async (importOriginal) => {
  const real = await importOriginal<typeof database>();
  return {
    ...real,
    sql: (text: string, values: unknown[]) =>
      releaseFails.now && text.startsWith(`UPDATE stripe_event SET "claimToken" = NULL`) ? Promise.reject(new Error("connection lost")) : real.sql(text, values),
  };
});

afterEach(() => {
  releaseFails.now = false;
  vi.restoreAllMocks();
});

it("tells the operator when a failed delivery could not give its claim up, and that it runs out in 30 seconds", async () => {
  const logged = vi.spyOn(logger(), "error").mockImplementation(() => undefined);
  const event = { id: `evt_${randomUUID()}`, type: "checkout.session.completed", created: Math.floor(Date.now() / 1000) };
  releaseFails.now = true;

  await expect(onceClaimed(event, () => Promise.reject(new Error("Stripe read failed")))).rejects.toThrow("Stripe read failed");

  expect(logged).toHaveBeenCalledWith(
    { err: expect.objectContaining({ message: "connection lost" }), eventId: event.id, leaseSeconds: 30 },
    "stripe event: could not give up the claim; it runs out by itself",
  );
  const [claim] = await database.sql<{ claimToken: string | null }>(`SELECT "claimToken" FROM stripe_event WHERE id = $1`, [event.id]);
  expect(claim?.claimToken).toEqual(expect.any(String));
});
