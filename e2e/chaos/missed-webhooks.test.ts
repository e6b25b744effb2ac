import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, emptyFigures } from "./deliverer";
import { newEvents } from "./events";
import { startStack, type Stack } from "./harness";
import { actOutBuyers, buyerScript, priceIds } from "./purchases";
import { replayable } from "./property";
import { playRound, verdictFor, type Round } from "./round";
import { skipWithoutPostgres } from "@/test-support/required-services";

// Stripe gives up on a webhook after days of failures; the reconcile cron is the safety net. The
// test's deliverer never sends a fifth of the events, and no buyer's success page checks the
// status (they closed the tab), then the cron runs on both instances at once, as it would on two
// servers.


interface ReconcileAnswer {
  checked: number;
  changed: number;
  errors: number | unknown[];
}

describe.skipIf(skipWithoutPostgres("the missed-webhooks suite"))("the reconcile cron after webhooks that never arrived", () => {
  let stack: Stack;
  let round: Round;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false });
    round = { stack, store: { apps: stack.apps, sandbox: stack.sandbox, priceId: await priceIds(stack.sandbox) }, seenEvents: new Set(), figures: emptyFigures() };
    await newEvents(stack.sandbox.stripe, round.seenEvents);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function reconcile(url: string, secret: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${url}/api/cron/reconcile`, { method: "POST", headers: { authorization: `Bearer ${secret}` } });
    return { status: response.status, body: await response.text() };
  }

  it("credits every paid purchase and takes back every refund after the reconcile cron when a fifth of the webhooks were never delivered", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(buyerScript({ refunds: true }), { minLength: 10, maxLength: 10 }), fc.gen(), async (scripts, g) => {
        const { records, verdict: beforeCron } = await playRound(round, scripts, g, { drop: 0.2, polls: false });
        // A case where the dropped events happened to change nothing does not test the cron:
        // fast-check draws another instead.
        fc.pre(beforeCron.missedCredits > 0);

        const answers = await Promise.all(stack.apps.map((app) => reconcile(app.url, stack.cronSecret)));
        for (const answer of answers) {
          expect(answer.status, answer.body.slice(0, 300)).toBe(200);
          const body = JSON.parse(answer.body) as ReconcileAnswer;
          expect(body).toMatchObject({ checked: expect.any(Number), changed: expect.any(Number) });
          expect(Array.isArray(body.errors) ? body.errors.length : body.errors).toBe(0);
        }
        const { problems } = await verdictFor(stack, records);
        expect(problems, problems.join("\n")).toEqual([]);
      }),
      { ...replayable(6), numRuns: 1 },
    );
  });

  it("takes back a refunded pack's coins after the reconcile cron when the refund's webhooks were never delivered", async () => {
    const records = await actOutBuyers(round.store, [{ purchases: [{ product: "large_pack", outcome: "card_paid", refunds: [100] }] }]);
    const events = (await newEvents(stack.sandbox.stripe, round.seenEvents)).filter((e) => !e.type.startsWith("refund.") && e.type !== "charge.refunded");
    const [a] = stack.apps;
    await deliver(
      events,
      { deliveries: events.map((_, event) => ({ event, target: 0 })), concurrency: 1 },
      { stripe: stack.sandbox.stripe, secret: stack.sandbox.webhookSecret, targets: [`${a.url}/api/stripe/webhook`] },
      round.figures,
    );

    const answer = await reconcile(a.url, stack.cronSecret);
    expect(answer.status, answer.body.slice(0, 300)).toBe(200);
    const { problems } = await verdictFor(stack, records);
    expect(problems, problems.join("\n")).toEqual([]);
  });
});
