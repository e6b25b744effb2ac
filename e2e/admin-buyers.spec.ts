import type { Browser, Page } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { OWNER_EMAIL, signInAsOwner } from "./support/operator";
import { buy, payWithCard, paymentIntentOf, sandboxApi, sessionIdFrom, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// The console's buyers (/admin/buyers): the store owner finds a buyer who bought a pack, corrects
// their balance, refunds the pack from the console (the balance falls once Stripe's webhook
// arrives, and a double-click refunds once) and cancels a subscription, in English and Chinese,
// on a phone and a desktop. Every action shows up in the buyer's audit log.

const words = {
  en: {
    title: "Buyers",
    search: "Email or id",
    searchButton: "Search",
    results: "Results",
    pack: "Medium Points Pack",
    coins: (count: number) => `${count} coins`,
    delta: "Coins to add (a minus sign takes them away)",
    reason: "Reason",
    adjust: "Adjust coins",
    adjusted: "Done. New balance: 575 coins.",
    tooMuch: /This buyer has 575 coins: taking 10000 would leave the balance below zero/,
    refundHeading: "Refund a payment",
    refund: "Refund through Stripe",
    refunded: /Stripe took the refund of \$5 \(succeeded\)/,
    audit: "Audit log",
    adjustedBy: `${OWNER_EMAIL}: adjusted coins`,
    refundedBy: `${OWNER_EMAIL}: refunded a payment`,
    canceledBy: `${OWNER_EMAIL}: canceled a subscription`,
    cancel: "Cancel the subscription",
    periodEnd: /^When the paid period ends/,
    endsOn: /^The subscription ends on /,
    setToEnd: "Set to end when this period ends",
    noMatch: "No buyer matches “nobody-here@example.com”.",
    notFound: "No such buyer",
  },
  "zh-CN": {
    title: "买家",
    search: "邮箱或 ID",
    searchButton: "搜索",
    results: "结果",
    pack: "中额积分包",
    coins: (count: number) => `${count} 金币`,
    delta: "增加的金币数（加负号表示扣除）",
    reason: "原因",
    adjust: "调整金币",
    adjusted: "完成。新余额：575 金币。",
    tooMuch: /您的金币不足。.*This buyer has 575 coins/,
    refundHeading: "退款",
    refund: "通过 Stripe 退款",
    refunded: /Stripe 已受理 US\$5 的退款（succeeded）/,
    audit: "审计日志",
    adjustedBy: `${OWNER_EMAIL}：调整了金币`,
    refundedBy: `${OWNER_EMAIL}：退款了一笔付款`,
    canceledBy: `${OWNER_EMAIL}：取消了订阅`,
    cancel: "取消订阅",
    periodEnd: /^在已付费的周期结束时/,
    endsOn: /^订阅将于 .* 结束。$/,
    setToEnd: "将于本期结束时终止",
    noMatch: "没有与“nobody-here@example.com”匹配的买家。",
    notFound: "没有这个买家",
  },
} as const;

type Language = keyof typeof words;

let buyers = 0;

/** A buyer of their own, in a browser of their own, pays for `product` with the test card. */
async function aBuyerPays(browser: Browser, product: string): Promise<{ email: string; sessionId: string }> {
  buyers += 1;
  const context = await browser.newContext({ locale: "en", extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${100 + buyers}` } });
  const page = await context.newPage();
  const email = await signUp(page);
  await buy(page, product);
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await context.close();
  return { email, sessionId };
}

async function openBuyer(page: Page, language: Language, email: string): Promise<void> {
  const w = words[language];
  await page.goto("/admin/buyers");
  await page.getByRole("searchbox", { name: w.search }).fill(email.toUpperCase());
  await page.getByRole("button", { name: w.searchButton, exact: true }).click();
  const found = page.getByRole("list", { name: w.results }).getByRole("listitem");
  await expect(found).toHaveCount(1);
  await found.getByRole("link", { name: email }).click();
  await expect(page.getByRole("heading", { name: email, level: 1 })).toBeVisible();
}

const balance = (page: Page, language: Language) =>
  page.getByRole("term").filter({ hasText: language === "en" ? "Coin balance" : "金币余额" }).locator("xpath=following-sibling::dd[1]");

for (const language of ["en", "zh-CN"] as const) {
  for (const width of [360, 1280]) {
    test.describe(`buyers in ${language} at ${width} px`, () => {
      test.use({ locale: language, viewport: { width, height: 900 } });
      const w = words[language];
      const where = (state: string) => `${state} in ${language} at ${width} px`;

      test("the owner finds a pack's buyer, adjusts their coins, and refunds the pack once: the balance falls when the webhook arrives", async ({ page, browser, request }) => {
        const { email, sessionId } = await aBuyerPays(browser, "Medium Points Pack");
        await signInAsOwner(page, language);
        await page.goto("/admin/buyers");
        await expect(page.getByRole("heading", { name: w.title, level: 1 })).toBeVisible();
        await expectGoodScreen(page, where("the buyer search"));

        await openBuyer(page, language, email);
        await expect(balance(page, language)).toHaveText(w.coins(550));
        await expectGoodScreen(page, where("a buyer's page"));

        const adjust = page.getByRole("region", { name: w.adjust });
        await adjust.getByLabel(w.delta).fill("25");
        await adjust.getByLabel(w.reason).fill("goodwill after a slow generation");
        await adjust.getByRole("button", { name: w.adjust }).click();
        await expect(adjust.getByRole("status")).toHaveText(w.adjusted);
        await expect(balance(page, language)).toHaveText(w.coins(575));
        const audit = page.getByRole("list", { name: w.audit }).getByRole("listitem");
        await expect(audit.filter({ hasText: w.adjustedBy })).toContainText("goodwill after a slow generation");
        await expectGoodScreen(page, where("a coin adjustment made"));

        await adjust.getByLabel(w.delta).fill("-10000");
        await adjust.getByLabel(w.reason).fill("taking too much");
        await adjust.getByRole("button", { name: w.adjust }).click();
        await expect(adjust.getByRole("alert")).toHaveText(w.tooMuch);
        await expect(balance(page, language)).toHaveText(w.coins(575));
        await expectGoodScreen(page, where("a coin adjustment refused"));

        const refund = page.getByRole("region", { name: w.refundHeading, exact: true });
        await refund.getByLabel(w.reason).fill("the buyer asked for their money back");
        await refund.getByRole("button", { name: w.refund }).dblclick();
        await expect(refund.getByRole("status")).toHaveText(w.refunded);
        // The coins go when Stripe's webhook says the refund happened, a moment later.
        await expect(async () => {
          await page.reload();
          await expect(balance(page, language)).toHaveText(w.coins(25), { timeout: 1000 });
        }).toPass({ timeout: 30_000 });
        await expect(audit.filter({ hasText: w.refundedBy })).toHaveCount(1);
        const refunds = await sandboxApi<{ data: { amount: number }[] }>(request, `refunds?payment_intent=${await paymentIntentOf(request, sessionId)}`);
        expect(refunds.data.map((each) => each.amount)).toEqual([500]);
        await expectGoodScreen(page, where("a refunded pack"));
      });

      test("the owner cancels a buyer's subscription at the end of its period", async ({ page, browser }) => {
        const { email } = await aBuyerPays(browser, "Starter");
        await signInAsOwner(page, language);
        await openBuyer(page, language, email);

        const cancel = page.getByRole("region", { name: w.cancel });
        await expect(cancel.getByRole("radio", { name: w.periodEnd })).toBeChecked();
        await cancel.getByLabel(w.reason).fill("asked by email to stop renewing");
        await cancel.getByRole("button", { name: w.cancel }).click();
        await expect(cancel.getByRole("status")).toHaveText(w.endsOn);
        await expect(page.getByText(w.setToEnd)).toBeVisible();
        await expect(page.getByRole("list", { name: w.audit }).getByRole("listitem").filter({ hasText: w.canceledBy })).toHaveCount(1);
        await expectGoodScreen(page, where("a subscription set to end"));
      });

      test("the owner is told when no buyer matches and when a buyer does not exist", async ({ page }) => {
        await signInAsOwner(page, language);
        await page.goto("/admin/buyers?q=nobody-here@example.com");
        await expect(page.getByText(w.noMatch)).toBeVisible();
        await expectGoodScreen(page, where("a search that finds no one"));

        await page.goto("/admin/buyers/no_such_user");
        await expect(page.getByRole("heading", { name: w.notFound, level: 1 })).toBeVisible();
        await expectGoodScreen(page, where("a buyer that does not exist"));
      });
    });
  }
}
