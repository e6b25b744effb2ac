import { expect, test } from "./support/test";
import { buy, coinHistory, completionEventOf, payByBankDebit, payWithCard, paymentIntentOf, purchaseHistory, sandboxControl, sessionIdFrom, signUp } from "./support/storefront";

test.afterEach(async ({ request }) => {
  await sandboxControl(request, "/_sandbox/config", { duplicate: false, shuffle: false, delayMs: 0, failFirst: 0 });
});

test("a bank debit shows processing until it settles, then paid with the coins", { tag: "@sandbox" }, async ({ page, request }) => {
  await signUp(page);
  await buy(page, "Medium Points Pack");
  const sessionId = sessionIdFrom(page);
  await payByBankDebit(page);

  await expect(page.getByRole("heading", { name: "Payment processing" })).toBeVisible();
  await sandboxControl(request, `/_sandbox/payment_intents/${await paymentIntentOf(request, sessionId)}/settle`, { outcome: "succeeded" });

  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await expect(page.getByText("Your balance: 550 coins")).toBeVisible();
});

test("a bank debit that fails to settle shows the payment failed and credits nothing", { tag: "@sandbox" }, async ({ page, request }) => {
  await signUp(page);
  await buy(page, "Medium Points Pack");
  const sessionId = sessionIdFrom(page);
  await payByBankDebit(page);
  await expect(page.getByRole("heading", { name: "Payment processing" })).toBeVisible();

  await sandboxControl(request, `/_sandbox/payment_intents/${await paymentIntentOf(request, sessionId)}/settle`, { outcome: "failed" });

  await expect(page.getByRole("heading", { name: "Payment failed" })).toBeVisible();
  await page.goto("/account");
  await expect(purchaseHistory(page).getByRole("listitem")).toContainText("Payment failed");
});

test("a checkout that expires shows as expired", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");
  const sessionId = sessionIdFrom(page);
  await page.getByRole("button", { name: "Expire session" }).click();

  await page.goto(`/success?session_id=${sessionId}`);
  await expect(page.getByRole("heading", { name: "Checkout expired" })).toBeVisible();
});

test("with every webhook delivered twice and out of order, the coins are still credited once", { tag: "@sandbox" }, async ({ page, request }) => {
  await sandboxControl(request, "/_sandbox/config", { duplicate: true, shuffle: true });
  await signUp(page);
  await buy(page, "Large Points Pack");
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();

  // Both copies of the completion event must have reached the app before the balance is read.
  const eventId = await completionEventOf(request, sessionId);
  await expect
    .poll(async () => {
      const { data } = (await sandboxControl(request, `/_sandbox/deliveries?event=${eventId}`)) as { data: { status: number | null }[] };
      return data.filter((attempt) => attempt.status === 200).length;
    })
    .toBeGreaterThanOrEqual(2);
  await page.goto("/account");
  const coins = coinHistory(page).getByRole("listitem");
  await expect(coins).toHaveCount(1);
  await expect(coins).toContainText("+1,500 coins");
  await expect(page.getByText("1,500 coins", { exact: true })).toBeVisible();
});
