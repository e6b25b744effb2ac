import type { Browser } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { paidRows } from "./support/paid-breakdown";
import { signInAsOwner } from "./support/operator";
import { coinHistory, payWithCard, paymentIntentOf, purchaseHistory, sandboxApi, sessionIdFrom, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// A launch promotion from start to end: a buyer types LAUNCH20 (made by the catalog setup) on
// Stripe's page, pays 20 % less for a points pack and sees what they paid, line by line, on the
// success page and in their history; the store owner then refunds half of what was paid from the
// console, and half the pack's coins go. In English and Chinese, on a phone.

const words = {
  en: {
    buy: "Buy Medium Points Pack",
    paid: "Payment successful",
    balance: "Your balance: 550 coins",
    whatYouPaid: "What you paid",
    lines: ["Subtotal $5", "Discount (LAUNCH20) -$1", "Total paid $4"],
    goToAccount: "Go to your account",
    account: "Your account",
    pack: "Medium Points Pack",
    partlyRefunded: "Partly refunded",
    refundedAmount: "$2 refunded",
    coinsTaken: "-275 coins",
    buyers: { search: "Email or id", searchButton: "Search", results: "Results" },
    refund: {
      heading: "Refund a payment",
      payment: "Payment",
      option: /Medium Points Pack, \$4, .*\(\$4 left to refund\)/,
      amount: "Amount in cents (optional)",
      reason: "Reason",
      submit: "Refund through Stripe",
      done: /Stripe took the refund of \$2 \(succeeded\)/,
    },
    balanceTerm: "Coin balance",
    coins: "275 coins",
    purchaseHeading: "Medium Points Pack",
    purchaseFacts: "The purchase",
    consoleLines: ["Subtotal $5", "Discount (LAUNCH20) -$1", "Total paid $4"],
  },
  "zh-CN": {
    buy: "购买中额积分包",
    paid: "支付成功",
    balance: "您的余额：550 金币",
    whatYouPaid: "支付明细",
    lines: ["小计 US$5", "折扣（LAUNCH20） -US$1", "实付金额 US$4"],
    goToAccount: "前往我的账户",
    account: "我的账户",
    pack: "中额积分包",
    partlyRefunded: "部分退款",
    refundedAmount: "已退款 US$2",
    coinsTaken: "-275 金币",
    buyers: { search: "邮箱或 ID", searchButton: "搜索", results: "结果" },
    refund: {
      heading: "退款",
      payment: "付款",
      option: /中额积分包，US\$4，.*（可退 US\$4）/,
      amount: "金额（分，可不填）",
      reason: "原因",
      submit: "通过 Stripe 退款",
      done: /Stripe 已受理 US\$2 的退款（succeeded）/,
    },
    balanceTerm: "金币余额",
    coins: "275 金币",
    purchaseHeading: "中额积分包",
    purchaseFacts: "订单信息",
    consoleLines: ["小计 US$5", "折扣（LAUNCH20） -US$1", "实付金额 US$4"],
  },
} as const;

type Language = keyof typeof words;

/** The owner refunds $2 of the $4 paid from the buyer's page, then sees the discount on the purchase's page. */
async function ownerRefundsHalf(browser: Browser, language: Language, email: string, sessionId: string): Promise<void> {
  const w = words[language];
  const context = await browser.newContext({ locale: language, viewport: { width: 360, height: 900 }, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.220" } });
  const page = await context.newPage();
  await signInAsOwner(page, language);
  await page.goto("/admin/buyers");
  await page.getByRole("searchbox", { name: w.buyers.search }).fill(email);
  await page.getByRole("button", { name: w.buyers.searchButton, exact: true }).click();
  await page.getByRole("list", { name: w.buyers.results }).getByRole("link", { name: email }).click();

  const refund = page.getByRole("region", { name: w.refund.heading, exact: true });
  await expect(refund.getByLabel(w.refund.payment).locator("option").first()).toHaveText(w.refund.option);
  await refund.getByLabel(w.refund.amount).fill("200");
  await refund.getByLabel(w.refund.reason).fill("half of the pack back, as agreed");
  await refund.getByRole("button", { name: w.refund.submit }).click();
  await expect(refund.getByRole("status")).toHaveText(w.refund.done);
  const balance = page.getByRole("term").filter({ hasText: w.balanceTerm }).locator("xpath=following-sibling::dd[1]");
  await expect(async () => {
    await page.reload();
    await expect(balance).toHaveText(w.coins, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expectGoodScreen(page, `the buyer's page after a discounted pack's half refund in ${language}`);

  await page.goto(`/admin/purchases/${sessionId}`);
  await expect(page.getByRole("heading", { name: w.purchaseHeading, level: 1 })).toBeVisible();
  expect(await paidRows(page.getByRole("region", { name: w.purchaseFacts }))).toEqual(w.consoleLines);
  await expectGoodScreen(page, `the console's page of a discounted purchase in ${language}`);
  await context.close();
}

for (const language of ["en", "zh-CN"] as const) {
  test.describe(`a launch code in ${language} at 360 px`, () => {
    test.use({ locale: language, viewport: { width: 360, height: 900 } });
    const w = words[language];

    test("a buyer pays for a pack with LAUNCH20, sees what they paid, and a refund of half of it takes back half the coins", { tag: "@sandbox" }, async ({ page, browser, request }) => {
      const email = await signUp(page, language);
      await page.goto("/");
      await page.getByRole("button", { name: w.buy, exact: true }).click();
      await page.waitForURL(/\/c\/pay\/cs_test_/);
      const sessionId = sessionIdFrom(page);
      await page.getByLabel("Promotion code").fill("launch20");
      await page.getByRole("button", { name: "Apply" }).click();
      await expect(page.getByTestId("total")).toHaveText("$4.00");
      await payWithCard(page, "4242424242424242");

      await expect(page.getByRole("heading", { name: w.paid })).toBeVisible();
      await expect(page.getByText(w.balance)).toBeVisible();
      const paid = page.getByRole("region", { name: w.whatYouPaid });
      expect(await paidRows(paid)).toEqual(w.lines);
      await expectGoodScreen(page, `the success page of a discounted pack in ${language}`);

      await page.getByRole("link", { name: w.goToAccount }).click();
      await expect(page.getByRole("heading", { name: w.account })).toBeVisible();
      const purchase = purchaseHistory(page).getByRole("listitem");
      await expect(purchase).toContainText(w.pack);
      expect(await paidRows(purchase)).toEqual(w.lines);
      await expectGoodScreen(page, `the account of a discounted pack's buyer in ${language}`);

      await ownerRefundsHalf(browser, language, email, sessionId);
      const refunds = await sandboxApi<{ data: { amount: number }[] }>(request, `refunds?payment_intent=${await paymentIntentOf(request, sessionId)}`);
      expect(refunds.data.map((each) => each.amount)).toEqual([200]);

      await page.reload();
      await expect(purchase).toContainText(w.partlyRefunded);
      await expect(purchase).toContainText(w.refundedAmount);
      await expect(coinHistory(page).getByRole("listitem").first()).toContainText(w.coinsTaken);
      await expectGoodScreen(page, `the account after a discounted pack's half refund in ${language}`);
    });
  });
}
