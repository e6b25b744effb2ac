import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { control, startHarness, type Harness } from "./helpers";

// The events API as an app reads it to recover events it never received (stripe-facts.md §9):
// retrieve by id, and list with a `created` range, `types[]` and cursor pages, 30 days back only.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const THIRTY_ONE_DAYS = 31 * 24 * 3600;

async function customersCreated(harness: Harness, count: number): Promise<Stripe.Event[]> {
  for (let i = 0; i < count; i++) await harness.stripe.customers.create({ email: `events-${i}@example.com` });
  return (await harness.stripe.events.list({ limit: 100, type: "customer.created" })).data;
}

describe("the events API", () => {
  it("lists only events created within a `created` range", async () => {
    h = await startHarness();
    const [newest] = await customersCreated(h, 2);
    await control(h.sandbox, "/_sandbox/clock/advance", { seconds: 120 });
    const later = await h.stripe.customers.create({ email: "later@example.com" });
    const sinceLater = (newest?.created ?? 0) + 60;

    const listed = await h.stripe.events.list({ created: { gte: sinceLater }, limit: 100 });
    const before = await h.stripe.events.list({ created: { lt: sinceLater }, type: "customer.created", limit: 100 });

    expect(listed.data.map((event) => (event.data.object as Stripe.Customer).id)).toEqual([later.id]);
    expect(before.data).toHaveLength(2);
  });

  it("pages with starting_after through the events `types[]` names, newest first", async () => {
    h = await startHarness();
    await customersCreated(h, 5);
    await h.stripe.products.create({ name: "Not a customer" });

    const pages: string[][] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await h.stripe.events.list({ types: ["customer.created", "customer.updated"], limit: 2, ...(startingAfter && { starting_after: startingAfter }) });
      pages.push(page.data.map((event) => event.type));
      if (!page.has_more) break;
      startingAfter = page.data.at(-1)?.id;
    }

    expect(pages).toEqual([["customer.created", "customer.created"], ["customer.created", "customer.created"], ["customer.created"]]);
    const all = await h.stripe.events.list({ types: ["customer.created"], limit: 100 });
    expect(all.data.map((event) => event.created)).toEqual([...all.data.map((event) => event.created)].sort((a, b) => b - a));
  });

  it("refuses more than 20 `types[]`, and `type` together with `types[]`", async () => {
    h = await startHarness();
    const tooMany = Array.from({ length: 21 }, (_, i) => `customer.type_${i}`);

    await expect(h.stripe.events.list({ types: tooMany })).rejects.toMatchObject({ statusCode: 400, param: "types" });
    await expect(h.stripe.events.list({ type: "customer.created", types: ["customer.updated"] })).rejects.toMatchObject({
      statusCode: 400,
      message: "You may only specify one of these parameters: type, types.",
    });
  });

  it("keeps events for 30 days: one from a snapshot kept over a month is neither retrieved (404) nor listed", async () => {
    const snapshot = join(mkdtempSync(join(tmpdir(), "sandbox-events-")), "state.json");
    h = await startHarness({ snapshot });
    const [recent, old] = await customersCreated(h, 2);
    if (!old || !recent) throw new Error("no customer.created events");
    await h.close();
    const kept = JSON.parse(readFileSync(snapshot, "utf8")) as { objects: { id: string; created: number }[] };
    for (const object of kept.objects) if (object.id === old.id) object.created = Math.floor(Date.now() / 1000) - THIRTY_ONE_DAYS;
    writeFileSync(snapshot, JSON.stringify(kept));

    h = await startHarness({ snapshot });

    await expect(h.stripe.events.retrieve(old.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    expect((await h.stripe.events.retrieve(recent.id)).id).toBe(recent.id);
    const listed = await h.stripe.events.list({ type: "customer.created", limit: 100 });
    expect(listed.data.map((event) => event.id)).toEqual([recent.id]);
  });

  it("does not age events when the sandbox clock moves on, as a test clock does not on Stripe", async () => {
    h = await startHarness();
    const [event] = await customersCreated(h, 1);
    if (!event) throw new Error("no customer.created event");

    await control(h.sandbox, "/_sandbox/clock/advance", { seconds: THIRTY_ONE_DAYS });

    expect((await h.stripe.events.retrieve(event.id)).id).toBe(event.id);
  });
});
