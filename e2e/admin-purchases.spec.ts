import type { Browser, Page } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { signInAsOwner } from "./support/operator";
import { buy, payWithCard, sessionIdFrom, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// The console's purchases (/admin/purchases): the store owner finds a buyer's payment by the
// buyer's email and by its Checkout Session id, and reads its timeline, in English and Chinese,
// on a phone and a desktop.

const words = {
  en: {
    title: "Purchases",
    search: "Search",
    results: "Results",
    pack: "Medium Points Pack",
    paid: "Paid",
    noMatch: "No purchase matches this search.",
    badDay: "The From day is not a date. Pick one, or leave it empty.",
    badCursor: "That page link is broken or was changed. Start again from the newest purchases.",
    timeline: "Timeline",
    completed: "Stripe event checkout.session.completed",
    processed: "Processed",
    coins: "Coins +550: pack bought",
    notFound: "No such purchase",
  },
  "zh-CN": {
    title: "订单",
    search: "搜索",
    results: "搜索结果",
    pack: "中额积分包",
    paid: "已支付",
    noMatch: "没有符合此搜索的订单。",
    badDay: "起始日不是有效日期。请选择日期，或留空。",
    badCursor: "该分页链接已损坏或被修改。请从最新的订单重新开始。",
    timeline: "时间线",
    completed: "Stripe 事件 checkout.session.completed",
    processed: "已处理",
    coins: "金币 +550：购买积分包",
    notFound: "没有这个订单",
  },
} as const;

type Language = keyof typeof words;

let buyers = 0;

/** A buyer of their own, in a browser of their own, pays for a Medium Points Pack with the test card. */
async function aBuyerPaysForAMediumPack(browser: Browser): Promise<{ email: string; sessionId: string }> {
  buyers += 1;
  const context = await browser.newContext({ locale: "en", extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${buyers}` } });
  const page = await context.newPage();
  const email = await signUp(page);
  await buy(page, "Medium Points Pack");
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await context.close();
  return { email, sessionId };
}

async function search(page: Page, language: Language, query: string): Promise<void> {
  const w = words[language];
  await page.getByRole("searchbox", { name: w.search }).fill(query);
  await page.getByRole("button", { name: w.search, exact: true }).click();
  await expect(page.getByRole("searchbox", { name: w.search })).toHaveValue(query);
}

for (const language of ["en", "zh-CN"] as const) {
  for (const width of [360, 1280]) {
    test.describe(`purchases in ${language} at ${width} px`, () => {
      test.use({ locale: language, viewport: { width, height: 900 } });
      const w = words[language];
      const where = (state: string) => `${state} in ${language} at ${width} px`;

      test("the owner finds a buyer's pack by email and by cs_ id and reads its timeline: the completion processed, the coins credited", async ({ page, browser }) => {
        const { email, sessionId } = await aBuyerPaysForAMediumPack(browser);
        await signInAsOwner(page, language);
        await page.goto("/admin/purchases");
        await expect(page.getByRole("heading", { name: w.title, level: 1 })).toBeVisible();

        await search(page, language, email.toUpperCase());
        const found = page.getByRole("list", { name: w.results }).getByRole("listitem");
        await expect(found).toHaveCount(1);
        await expect(found).toContainText(w.pack);
        await expect(found).toContainText(w.paid);
        await expect(found).toContainText(sessionId);
        await expect(found.getByRole("link", { name: email, exact: true })).toHaveAttribute("href", /^\/admin\/buyers\//);
        await expectGoodScreen(page, where("a search by email"));

        await search(page, language, sessionId);
        await expect(found).toHaveCount(1);
        await expect(found).toContainText(email);
        await expectGoodScreen(page, where("a search by cs_ id"));

        await found.getByRole("link", { name: new RegExp(`^${w.pack}`) }).click();
        await expect(page.getByRole("heading", { name: w.pack, level: 1 })).toBeVisible();
        const timeline = page.getByRole("list", { name: w.timeline });
        // The webhook may land a moment after the buyer's own status check delivered the coins.
        await expect(async () => {
          await page.reload();
          await expect(timeline.getByRole("listitem").filter({ hasText: w.completed }).filter({ hasText: w.processed }).first()).toBeVisible({ timeout: 1000 });
        }).toPass({ timeout: 20_000 });
        await expect(timeline.getByText(w.coins)).toBeVisible();
        await expectGoodScreen(page, where("a purchase's timeline"));
      });

      test("the owner is told when nothing matches, when a filter is not valid, and when a purchase does not exist", async ({ page }) => {
        await signInAsOwner(page, language);
        await page.goto("/admin/purchases");
        await search(page, language, "nobody-bought-anything@example.com");
        await expect(page.getByText(w.noMatch)).toBeVisible();
        await expectGoodScreen(page, where("an empty search"));

        await page.goto("/admin/purchases?from=2026-02-31");
        await expect(page.getByRole("alert").filter({ hasText: w.badDay })).toBeVisible();
        await page.goto("/admin/purchases?cursor=forged");
        await expect(page.getByRole("alert").filter({ hasText: w.badCursor })).toBeVisible();
        await expectGoodScreen(page, where("a refused search"));

        await page.goto("/admin/purchases/cs_test_nobody_bought_this");
        await expect(page.getByRole("heading", { name: w.notFound, level: 1 })).toBeVisible();
        await expectGoodScreen(page, where("an unknown purchase"));
      });
    });
  }
}

test.describe("the purchases pages to anyone but an operator", () => {
  test.use({ locale: "en" });

  test("are the 404 page for a signed-in buyer", async ({ page }) => {
    await signUp(page);
    for (const path of ["/admin/purchases", "/admin/purchases/cs_test_anything"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
    }
  });
});
