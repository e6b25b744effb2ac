import { expect, test } from "./support/test";
import { buy, payByBankDebit, paymentIntentOf, sandboxControl, sessionIdFrom, signUp } from "./support/storefront";

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
