import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUSY_YEAR, fillBusyStore } from "@/test-support/busy-store";
import { alertsCases } from "@/test-support/console-query-cases/alerts";
import { buyersCases } from "@/test-support/console-query-cases/buyers";
import { eventsCases } from "@/test-support/console-query-cases/events";
import { overviewCases } from "@/test-support/console-query-cases/overview";
import { purchasesCases } from "@/test-support/console-query-cases/purchases";
import { tablesOfAtLeast, wholeReadsOfBigTables } from "@/test-support/query-plans";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Every query the operator's console sends, on a store after a busy year (100,000 purchases,
// 1,000,000 Stripe events): none may read a big table whole. The statements are the ones the
// console's own functions send, caught at the driver (test-support/query-plans.ts).

let bigTables: Set<string>;
// The timeline records Stripe calls beside statements, and some console reads ask Stripe.
let sandbox: TestStripe;

beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  await fillBusyStore(BUSY_YEAR);
  bigTables = await tablesOfAtLeast(1000);
}, 300_000);
afterAll(() => sandbox.close());

describe(`the console's queries on ${BUSY_YEAR.purchases.toLocaleString("en")} purchases and ${BUSY_YEAR.events.toLocaleString("en")} events`, () => {
  const cases = [...overviewCases, ...purchasesCases, ...buyersCases, ...eventsCases, ...alertsCases];

  it.each(cases.map((each) => [each.name, each] as const))("%s reads no big table whole", async (_name, { sends, work, meant }) => {
    const { statements, wholeReads } = await wholeReadsOfBigTables(work, bigTables, meant);
    expect(statements.some((statement) => sends.test(statement.text))).toBe(true);
    expect(wholeReads).toEqual([]);
  });
});
