import type { Locator, Page } from "@playwright/test";
import { buy, coinHistory, payByBankDebit, paymentIntentOf, sandboxControl, sessionIdFrom, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

test("a keyboard-only visitor can reach a Buy button and is sent to sign in", async ({ page }) => {
  await page.goto("/");
  const target = page.getByRole("button", { name: "Buy Small Points Pack", exact: true });
  for (let presses = 0; presses < 30 && !(await target.evaluate((el) => el === document.activeElement)); presses += 1) {
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
  await page.keyboard.press("Enter");

  await page.waitForURL(/\/sign-in\?next=/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("on a phone the pricing grid is a single column", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(7);
  const lefts = new Set(await cards.evaluateAll((articles) => articles.map((a) => Math.round(a.getBoundingClientRect().left))));
  expect(lefts.size).toBe(1);
});

test("the success page keeps its size while it polls, announces the change, and stops polling once paid", { tag: "@sandbox" }, async ({ page, request }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");
  const sessionId = sessionIdFrom(page);
  await payByBankDebit(page);

  const status = page.getByRole("status");
  await expect(status.getByRole("heading", { name: "Payment processing" })).toBeVisible();
  await expect(status).toHaveAttribute("aria-live", "polite");
  const before = await status.boundingBox();
  await sandboxControl(request, `/_sandbox/payment_intents/${await paymentIntentOf(request, sessionId)}/settle`, { outcome: "succeeded" });
  await expect(status.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  const after = await status.boundingBox();
  expect(after?.height).toBe(before?.height);

  let checks = 0;
  page.on("request", (r) => {
    if (r.url().includes("/api/check-payment-status/")) checks += 1;
  });
  await page.waitForTimeout(5_000);
  expect(checks).toBe(0);
});

/** Presses Tab until `target` has the focus, as a keyboard user moves through a page. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 60 && !(await target.evaluate((el) => el === document.activeElement)); presses += 1) {
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

for (const [locale, w] of [
  ["en", { signOut: "Sign out", buy: "Buy Small Points Pack", paid: "Payment successful", account: "Go to your account", accountHeading: "Your account", coins: "+200 coins" }],
  ["zh-CN", { signOut: "退出", buy: "购买小额积分包", paid: "支付成功", account: "前往我的账户", accountHeading: "我的账户", coins: "+200 金币" }],
] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test("a keyboard-only buyer goes from the grid through Checkout to their coins without a mouse", async ({ page }) => {
      await signUp(page, locale);
      await page.goto("/");
      await tabTo(page, page.getByRole("button", { name: w.buy, exact: true }));
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/c\/pay\/cs_test_/);

      const cardMethod = page.getByLabel("Card", { exact: true });
      if (await cardMethod.count()) {
        await tabTo(page, cardMethod);
        await page.keyboard.press("Space");
      }
      for (const [label, text] of [
        ["Email", "buyer@example.com"],
        ["Card number", "4242424242424242"],
        ["Expiration", "12 / 34"],
        ["CVC", "123"],
        ["Cardholder name", "Keyboard Buyer"],
      ] as const) {
        await tabTo(page, page.getByLabel(label));
        await page.keyboard.type(text);
      }
      await page.keyboard.press("Enter");

      await expect(page.getByRole("heading", { name: w.paid })).toBeVisible();
      await tabTo(page, page.getByRole("link", { name: w.account }));
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { name: w.accountHeading })).toBeVisible();
      await expect(coinHistory(page).getByRole("listitem")).toContainText(w.coins);
      await expect(page.getByRole("button", { name: w.signOut })).toBeVisible();
    });
  });
}
