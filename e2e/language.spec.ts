import { randomUUID } from "node:crypto";
import { linkOf, waitForMail } from "./support/mailbox";
import { coinHistory, payWithCard, purchaseHistory, sandboxApi, sessionIdFrom } from "./support/storefront";
import { expect, test } from "./support/test";

// The storefront speaks the buyer's language: Chinese to a browser that asks for it, whichever the
// buyer picks in the header after that, remembered; and Stripe's Checkout is opened in it too.

test.describe("a browser that prefers Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("gets the whole purchase in Chinese: grid, sign-up, Stripe's Checkout, success and account", async ({ page, request }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { name: "价格", level: 1 })).toBeVisible();
    const pack = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "中额积分包" }) });
    await expect(pack).toContainText("US$5");
    await expect(pack).toContainText("550 金币（500 + 赠送 50）");

    await pack.getByRole("button", { name: "购买中额积分包", exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await expect(page.getByText("登录后购买中额积分包。")).toBeVisible();
    await page.getByRole("link", { name: "注册账户" }).click();
    await expect(page.getByText("注册账户后购买中额积分包。")).toBeVisible();
    await page.getByLabel("姓名").fill("买家");
    const email = `zh-${randomUUID()}@example.com`;
    await page.getByLabel("邮箱").fill(email);
    await page.getByLabel("密码").fill("correct horse battery staple");
    await page.getByRole("button", { name: "注册", exact: true }).click();
    await expect(page.getByRole("heading", { name: "请查收邮件" })).toBeVisible();
    const verification = await waitForMail(email, "verifyEmail");
    expect(verification.subject).toBe("请确认您在 Storefront 的邮箱地址");
    await page.goto(linkOf(verification));

    await expect(page).toHaveURL(/\/\?buy=medium_pack$/);
    await page.getByRole("button", { name: "购买中额积分包", exact: true }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    const session = await sandboxApi<{ locale: string }>(request, `checkout/sessions/${sessionIdFrom(page)}`);
    expect(session.locale).toBe("zh");
    await payWithCard(page, "4242424242424242");

    await expect(page.getByRole("heading", { name: "支付成功" })).toBeVisible();
    await expect(page.getByText("您的余额：550 金币")).toBeVisible();
    await page.getByRole("link", { name: "前往我的账户" }).click();
    await expect(page.getByRole("heading", { name: "我的账户" })).toBeVisible();
    const purchase = purchaseHistory(page).getByRole("listitem");
    await expect(purchase).toContainText("中额积分包");
    await expect(purchase).toContainText("已支付");
    await expect(purchase.getByRole("link", { name: /^收据/ })).toBeVisible();
    await expect(coinHistory(page).getByRole("listitem")).toContainText("+550 金币");
  });

  test("can switch to English in the header, and the choice outlasts the browser's preference", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Pricing", level: 1 })).toBeVisible();

    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "价格", level: 1 })).toBeVisible();
  });
});

test("an English browser sees English, and US prices as $", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const pack = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Medium Points Pack" }) });
  await expect(pack).toContainText("$5");
  await expect(pack).toContainText("550 coins (500 + 50 bonus)");
  await expect(page.getByRole("button", { name: "中文" })).toHaveAttribute("lang", "zh-CN");
});
