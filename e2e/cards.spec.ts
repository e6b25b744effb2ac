import { expect, test } from "./support/test";
import { buy, payWithCard, signUp } from "./support/storefront";

const declines: [string, RegExp][] = [
  ["4000000000000002", /Your card was declined/],
  ["4000000000009995", /insufficient funds/],
  ["4000000000000069", /Your card has expired/],
  ["4000000000000127", /security code is incorrect/],
  ["4000000000000119", /error occurred while processing your card/],
  ["4100000000000019", /Your card was declined/],
  ["4242424242424241", /card number is incorrect/],
];

test("each decline card shows its message on the checkout page, and a retry with 4242 pays", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");

  for (const [card, message] of declines) {
    await payWithCard(page, card);
    await expect(page.getByRole("alert")).toHaveText(message);
    await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);
  }

  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await expect(page.getByText("Your balance: 200 coins")).toBeVisible();
});

test("a 3-D Secure card that the buyer authenticates pays", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");
  await payWithCard(page, "4000002500003155");
  await page.getByRole("button", { name: "Complete authentication" }).click();

  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
});

test("a 3-D Secure card whose authentication fails is declined, and the buyer can pay another way", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");
  await payWithCard(page, "4000000000003220");
  await page.getByRole("button", { name: "Fail authentication" }).click();

  await expect(page.getByRole("alert")).toContainText(/authenticat/i);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
});

test("a card that authenticates and is then declined for insufficient funds shows that message", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");
  await payWithCard(page, "4000008260003178");
  await page.getByRole("button", { name: "Complete authentication" }).click();

  await expect(page.getByRole("alert")).toHaveText(/insufficient funds/);
});
