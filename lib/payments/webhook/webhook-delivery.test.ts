import { afterAll, beforeAll, expect, it } from "vitest";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Stripe's own delivery, end to end over HTTP: at-least-once, in any order, retried on failure.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe();
});
afterAll(() => sandbox.close());

interface Attempt {
  eventId: string;
  type: string;
  status: number | null;
}

it("credits once when Stripe delivers every event twice, shuffled, after failing the first attempts", async () => {
  await sandbox.control("/_sandbox/config", { duplicate: true, shuffle: true, failFirst: 1 });
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("large_pack"));

  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  await sandbox.settled();

  const { data } = (await sandbox.control("/_sandbox/deliveries?type=checkout.session.completed")) as { data: Attempt[] };
  expect(data.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2);
  expect(data.some((a) => a.status === null)).toBe(true);
  expect(await coinsOf(buyer.id)).toEqual({ balance: 1500, ledgerEntries: 1, ledgerSum: 1500 });
});
