import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { followVerificationLink } from "./support/mailbox";
import { payByBankDebit, payWithCard, paymentIntentOf, purchaseHistory, sandboxControl, sessionIdFrom } from "./support/storefront";
import { expect, test } from "./support/test";

// A tour of every screen and state a buyer can meet, in both languages on a 360 px phone and a
// 1280 px desktop: at each stop the page must fit the screen (no sideways scrolling, a header on
// one row) and pass axe-core with no violation.

const words = {
  en: {
    name: "Name",
    email: "Email",
    password: "Password",
    createAccount: "Create account",
    checkInbox: "Check your inbox",
    signIn: "Sign in",
    signOut: "Sign out",
    buy: (product: string) => `Buy ${product}`,
    small: "Small Points Pack",
    medium: "Medium Points Pack",
    large: "Large Points Pack",
    paid: "Payment successful",
    processing: "Payment processing",
    unpaid: "Waiting for payment",
    failed: "Payment failed",
    expired: "Checkout expired",
    notFound: "Payment not found",
    noSession: "No payment to show",
    canceled: "Checkout canceled",
    pageNotFound: "Page not found",
    account: "Your account",
    pricing: "Pricing",
  },
  "zh-CN": {
    name: "姓名",
    email: "邮箱",
    password: "密码",
    createAccount: "注册",
    checkInbox: "请查收邮件",
    signIn: "登录",
    signOut: "退出",
    buy: (product: string) => `购买${product}`,
    small: "小额积分包",
    medium: "中额积分包",
    large: "大额积分包",
    paid: "支付成功",
    processing: "付款处理中",
    unpaid: "等待付款",
    failed: "支付失败",
    expired: "结账已过期",
    notFound: "找不到这笔付款",
    noSession: "没有可显示的付款",
    canceled: "已取消结账",
    pageNotFound: "页面不存在",
    account: "我的账户",
    pricing: "价格",
  },
} as const;

type Words = (typeof words)[keyof typeof words];

async function heading(page: Page, name: string): Promise<void> {
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

async function buyFromGrid(page: Page, w: Words, product: string): Promise<string> {
  await page.goto("/");
  await page.getByRole("button", { name: w.buy(product), exact: true }).click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
  return sessionIdFrom(page);
}

for (const [locale, w] of Object.entries(words) as [keyof typeof words, Words][]) {
  for (const width of [360, 1280]) {
    test.describe(`in ${locale} at ${width} px`, () => {
      test.use({ locale, viewport: { width, height: width < 800 ? 780 : 900 }, reducedMotion: "reduce" });

      test("every screen fits and passes axe, signed out and in, in each payment status", { tag: "@sandbox" }, async ({ page, request }) => {
        test.setTimeout(180_000);
        await page.goto("/");
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await heading(page, w.pricing);
        await expectGoodScreen(page, "the grid, signed out");

        await page.goto("/sign-in");
        await page.getByLabel(w.email).fill(`nobody-${randomUUID()}@example.com`);
        await page.getByLabel(w.password).fill("not the password");
        await page.getByRole("button", { name: w.signIn, exact: true }).click();
        await expect(page.locator("form").getByRole("alert")).toBeVisible();
        await expectGoodScreen(page, "sign-in with a wrong password");

        await page.goto("/sign-up");
        const touring = `tour-${randomUUID()}@example.com`;
        await page.getByLabel(w.name).fill("Tour Buyer");
        await page.getByLabel(w.email).fill(touring);
        await page.getByLabel(w.password).fill("password1");
        await page.getByRole("button", { name: w.createAccount, exact: true }).click();
        await expect(page.locator("form").getByRole("alert")).toBeVisible();
        await expectGoodScreen(page, "sign-up with a weak password");
        await page.getByLabel(w.password).fill("correct horse battery staple");
        await page.getByRole("button", { name: w.createAccount, exact: true }).click();
        await expect(page.getByRole("heading", { name: w.checkInbox })).toBeVisible();
        await expectGoodScreen(page, "sign-up, check your inbox");
        await followVerificationLink(page, touring);
        await expect(page.getByRole("button", { name: w.signOut })).toBeVisible();
        await expectGoodScreen(page, "the grid, signed in");

        const paid = await buyFromGrid(page, w, w.small);
        await payWithCard(page, "4242424242424242");
        await heading(page, w.paid);
        await expect(page.getByRole("status").getByRole("listitem").first()).toBeVisible();
        await expectGoodScreen(page, "success, paid");

        const left = await buyFromGrid(page, w, w.large);
        await page.getByRole("link", { name: "Back" }).click();
        await heading(page, w.canceled);
        await expectGoodScreen(page, "the cancel page");
        await page.goto(`/success?session_id=${left}`);
        await heading(page, w.unpaid);
        await expectGoodScreen(page, "success, not paid yet");

        const debit = await buyFromGrid(page, w, w.medium);
        await payByBankDebit(page);
        await heading(page, w.processing);
        await expectGoodScreen(page, "success, processing");
        await sandboxControl(request, `/_sandbox/payment_intents/${await paymentIntentOf(request, debit)}/settle`, { outcome: "failed" });
        await heading(page, w.failed);
        await expectGoodScreen(page, "success, failed");

        const expiring = await buyFromGrid(page, w, w.small);
        await page.getByRole("button", { name: "Expire session" }).click();
        await page.goto(`/success?session_id=${expiring}`);
        await heading(page, w.expired);
        await expectGoodScreen(page, "success, expired");

        await page.goto(`/success?session_id=cs_test_${randomUUID().replaceAll("-", "")}`);
        await heading(page, w.notFound);
        await expectGoodScreen(page, "success, not found");
        await page.goto("/success");
        await heading(page, w.noSession);
        await expectGoodScreen(page, "success without a session id");

        await page.goto("/account");
        await heading(page, w.account);
        // Paid, canceled (left at Checkout), failed and expired: each in words, none as a raw id.
        await expect(purchaseHistory(page).getByRole("listitem")).toHaveCount(4);
        await expect(page.getByText(paid)).toHaveCount(0);
        await expectGoodScreen(page, "the account with its history");

        await page.goto("/no-such-page");
        await heading(page, w.pageNotFound);
        await expectGoodScreen(page, "a missing page");
      });
    });
  }
}
