import fc from "fast-check";
import type { AppInstance } from "./app";
import type { PurchaseRecord } from "./purchases";

// The success page polls the payment status, and that check settles a payment too: generated
// polls race the webhooks, from each buyer's own browser, to either instance.

interface PollFigures {
  polls: number;
  /** Answers other than 200, each named for the failure message. */
  failures: string[];
}

export async function pollStatuses(g: fc.GeneratorValue, records: PurchaseRecord[], apps: readonly AppInstance[]): Promise<PollFigures> {
  const plan = g(() =>
    fc.array(fc.record({ record: fc.nat(Math.max(0, records.length - 1)), app: fc.nat(apps.length - 1) }), { maxLength: records.length * 2 }),
  );
  const figures: PollFigures = { polls: 0, failures: [] };
  let next = 0;
  async function worker(): Promise<void> {
    for (let index = next++; index < plan.length; index = next++) {
      const poll = plan[index];
      const record = poll && records[poll.record];
      const app = poll && apps[poll.app];
      if (!record || !app) continue;
      figures.polls += 1;
      const response = await fetch(`${app.url}/api/check-payment-status/${record.sessionId}`, {
        headers: { cookie: record.buyer.cookie, "x-forwarded-for": record.buyer.ip },
      });
      const body = await response.text();
      if (response.status !== 200) figures.failures.push(`${app.name} answered ${record.buyer.email}'s status check for ${record.sessionId} with ${response.status} ${body.slice(0, 200)}`);
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return figures;
}
