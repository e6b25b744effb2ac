import type { Browser, Page } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { signInAsOwner } from "./support/operator";
import { buy, completionEventOf, payWithCard, sessionIdFrom, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// The console's Stripe events, reconcile and audit log pages, as the store owner uses them: find
// a payment's event in the log, replay it (nothing changes: it was processed), try an id Stripe
// does not have, catch up from Stripe, run reconcile, and read all of it back in the audit log;
// in English and Chinese, on a phone and a desktop.

const words = {
  en: {
    events: "Stripe events",
    replayHeading: "Replay an event",
    catchUpHeading: "Catch up from Stripe",
    filters: "Filter the log",
    log: "Events received",
    eventId: "Event id",
    reason: "Reason",
    replay: "Replay",
    catchUp: "Catch up",
    search: "Search",
    filter: "Filter",
    processed: "Processed",
    duplicate: (id: string) => `Already processed: ${id} changed nothing.`,
    notFound: "Stripe has no such event: the id is wrong, or the event is older than 30 days. Nothing was changed.",
    caughtUp: /^Events Stripe listed since .+: \d+\. Applied now: \d+; needing nothing: \d+; already here: \d+; in progress: \d+; failed: \d+\.$/,
    reconcile: "Reconcile",
    runNow: "Run reconcile now",
    runHeading: "Run now",
    ran: /^Reconcile ran: checked \d+, changed \d+, delivered goods for \d+; errors: \d+, of which \d+ skipped because Stripe did not answer\.$/,
    runs: "Runs",
    console: "Console",
    audit: "Audit log",
    entries: "Entries",
    openPurchase: "Open the purchase",
  },
  "zh-CN": {
    events: "Stripe 事件",
    replayHeading: "重放事件",
    catchUpHeading: "从 Stripe 补收",
    filters: "筛选日志",
    log: "已收到的事件",
    eventId: "事件编号",
    reason: "原因",
    replay: "重放",
    catchUp: "补收",
    search: "搜索",
    filter: "筛选",
    processed: "已处理",
    duplicate: (id: string) => `此前已处理：${id} 没有任何改变。`,
    notFound: "Stripe 没有这个事件：编号有误，或事件已超过 30 天。未做任何更改。",
    caughtUp: /^自 .+ 起 Stripe 列出的事件：\d+ 个。现已处理：\d+；无需处理：\d+；此前已有：\d+；处理中：\d+；失败：\d+。$/,
    reconcile: "对账",
    runNow: "立即对账",
    runHeading: "立即运行",
    ran: /^对账已运行：检查 \d+ 项，更改 \d+ 项，发放商品 \d+ 项；错误：\d+ 个，其中 \d+ 项因 Stripe 无响应而跳过。$/,
    runs: "运行记录",
    console: "控制台",
    audit: "审计日志",
    entries: "记录",
    openPurchase: "查看订单",
  },
} as const;

type Language = keyof typeof words;

/** A buyer of their own, in a browser of their own, pays for a Medium Points Pack; answers the Checkout Session. */
async function aPaidMediumPack(browser: Browser, baseURL: string): Promise<string> {
  const context = await browser.newContext({ locale: "en", baseURL, extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${1 + Math.floor(Math.random() * 250)}` } });
  const page = await context.newPage();
  await signUp(page);
  await buy(page, "Medium Points Pack");
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await context.close();
  return sessionId;
}

/** Searches the log for one event, until the webhook's delivery of it shows as processed. */
async function findProcessed(page: Page, w: (typeof words)[Language], eventId: string): Promise<void> {
  await expect(async () => {
    await page.goto("/admin/events");
    await page.getByRole("searchbox", { name: w.search }).fill(eventId);
    await page.getByRole("button", { name: w.filter, exact: true }).click();
    await expect(page.getByRole("list", { name: w.log }).getByRole("listitem").first()).toContainText(w.processed, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

for (const language of ["en", "zh-CN"] as const) {
  for (const width of [360, 1280]) {
    test.describe(`the events, reconcile and audit pages in ${language} at ${width} px`, () => {
      test.use({ locale: language, viewport: { width, height: 900 } });
      const w = words[language];
      const where = (what: string) => `${what} in ${language} at ${width} px`;

      test("replay, catch up and reconcile from the console, and find each in the audit log", { tag: "@sandbox" }, async ({ page, browser, baseURL, request }) => {
        test.setTimeout(180_000);
        const sessionId = await aPaidMediumPack(browser, baseURL ?? "");
        const eventId = await completionEventOf(request, sessionId);
        await signInAsOwner(page, language);

        await findProcessed(page, w, eventId);
        await expect(page.getByRole("heading", { name: w.events, level: 1 })).toBeVisible();
        for (const heading of [w.filters, w.log]) await expect(page.getByRole("heading", { name: heading, level: 2 })).toBeVisible();
        await expect(page.getByRole("link", { name: `${w.openPurchase} (${sessionId})` })).toBeVisible();
        await expectGoodScreen(page, where("the event log searched for one event"));

        const replay = page.getByRole("region", { name: w.replayHeading });
        await replay.getByLabel(w.eventId).fill(eventId);
        await replay.getByLabel(w.reason).fill("buyer asked where the coins went");
        await replay.getByRole("button", { name: w.replay, exact: true }).click();
        await expect(replay.getByRole("status")).toHaveText(w.duplicate(eventId));
        await expectGoodScreen(page, where("a replay that changed nothing"));

        await replay.getByLabel(w.eventId).fill("evt_NoSuchEventAtStripeE2E");
        await replay.getByLabel(w.reason).fill("checking an id from an email");
        await replay.getByRole("button", { name: w.replay, exact: true }).click();
        await expect(replay.getByRole("alert")).toHaveText(w.notFound);
        await expectGoodScreen(page, where("a replay of an event Stripe does not have"));

        const catchUp = page.getByRole("region", { name: w.catchUpHeading });
        await catchUp.getByLabel(w.reason).fill("webhook endpoint was down overnight");
        await catchUp.getByRole("button", { name: w.catchUp, exact: true }).click();
        await expect(catchUp.getByRole("status")).toHaveText(w.caughtUp, { timeout: 30_000 });
        await expectGoodScreen(page, where("a catch-up"));

        // One row's own replay: opened, it asks only for a reason.
        const row = page.getByRole("list", { name: w.log }).getByRole("listitem").first();
        await row.locator("summary").click();
        await row.getByLabel(w.reason).fill("second look from the log");
        await row.getByRole("button", { name: w.replay, exact: true }).click();
        await expect(row.getByRole("status")).toHaveText(w.duplicate(eventId));

        await page.goto("/admin/reconcile");
        await expect(page.getByRole("heading", { name: w.reconcile, level: 1 })).toBeVisible();
        const runNow = page.getByRole("region", { name: w.runHeading });
        await runNow.getByRole("button", { name: w.runNow }).click();
        await expect(runNow.getByRole("status")).toHaveText(w.ran, { timeout: 60_000 });
        await expect(page.getByRole("list", { name: w.runs }).getByRole("listitem").first()).toContainText(w.console);
        await expectGoodScreen(page, where("the reconcile page after a run"));

        await page.goto("/admin/audit");
        await expect(page.getByRole("heading", { name: w.audit, level: 1 })).toBeVisible();
        // One item per entry: an entry's before and after are lists of their own.
        const entries = page.getByRole("list", { name: w.entries }).locator(":scope > li");
        await expect(entries.nth(0)).toContainText("reconcile.run");
        await expect(entries.nth(1)).toContainText("event.replay");
        await expect(entries.nth(1)).toContainText("second look from the log");
        await expect(entries.nth(2)).toContainText("events.catch_up");
        await expect(entries.nth(2)).toContainText("webhook endpoint was down overnight");
        await expect(entries.nth(3)).toContainText("buyer asked where the coins went");
        await expect(entries.nth(3)).toContainText(eventId);
        await expectGoodScreen(page, where("the audit log"));
      });
    });
  }
}

for (const language of ["en", "zh-CN"] as const) {
  test.describe(`the events, reconcile and audit pages in ${language}, to anyone but an operator`, () => {
    test.use({ locale: language });

    test("are the 404 page for a signed-out visitor and for a buyer", async ({ page }) => {
      for (const path of ["/admin/events", "/admin/reconcile", "/admin/audit"]) expect((await page.goto(path))?.status(), path).toBe(404);
      await signUp(page, language);
      for (const path of ["/admin/events", "/admin/reconcile", "/admin/audit"]) expect((await page.goto(path))?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: words[language].audit })).toHaveCount(0);
    });
  });
}
