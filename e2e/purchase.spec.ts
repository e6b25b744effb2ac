import { expect, test } from "./support/test";
import { buy, coinHistory, payWithCard, purchaseHistory, signUp } from "./support/storefront";

test("a new buyer signs up, buys a points pack with 4242 and sees the coins on the success and account pages", async ({ page }) => {
  await signUp(page);
  await buy(page, "Small Points Pack");
  await payWithCard(page, "4242424242424242");

  await page.waitForURL(/\/success\?session_id=cs_test_/);
  const status = page.getByRole("status");
  await expect(status.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await expect(page.getByText("Your balance: 200 coins")).toBeVisible();

  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const coins = coinHistory(page).getByRole("listitem");
  await expect(coins).toHaveCount(1);
  await expect(coins).toContainText("Small Points Pack");
  await expect(coins).toContainText("+200 coins");
  await expect(purchaseHistory(page).getByRole("listitem")).toContainText("Paid");
});

test("a buyer subscribes to a plan and the grid then marks it as their current plan", async ({ page }) => {
  await signUp(page);
  await buy(page, "Advanced");
  await payWithCard(page, "4242424242424242");

  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await expect(page.getByText("Your plan: Advanced")).toBeVisible();

  await page.goto("/");
  const advanced = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Advanced", exact: true }) });
  await expect(advanced.getByText("Current plan").first()).toBeVisible();
  // Its accessible name starts with the words it shows, so a voice user can say "click Current plan".
  await expect(advanced.getByRole("button", { name: "Current plan (Advanced)", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Buy Professional", exact: true })).toBeDisabled();
});

test("a buyer who clicks Buy while signed out signs in and comes back to that product, ready to pay with one more click", async ({ page }) => {
  const email = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/");
  // A slow network: the click must answer at once, not after the sign-in page has arrived.
  await page.route(/\/sign-in/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByRole("button", { name: "Buy Medium Points Pack", exact: true }).click();
  await expect(page.getByRole("button", { name: "Taking you to sign in…" })).toBeDisabled();
  await page.waitForURL(/\/sign-in/);
  await page.unroute(/\/sign-in/);
  // The sign-in page says what the buyer is signing in for.
  await expect(page.getByText("Sign in to buy Medium Points Pack.")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/\?buy=medium_pack$/);
  const buy = page.getByRole("button", { name: "Buy Medium Points Pack", exact: true });
  await expect(buy).toBeFocused();
  await buy.click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
  await expect(page.getByText("Medium Points Pack")).toBeVisible();
});

test("a buyer who goes back from checkout lands on the cancel page and is charged nothing", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Large Points Pack");
  await page.getByRole("link", { name: "Back" }).click();

  await expect(page.getByRole("heading", { name: "Checkout canceled" })).toBeVisible();
  await expect(page.getByText("Nothing was charged.")).toBeVisible();
  await page.getByRole("link", { name: "Back to pricing" }).click();
  await expect(page.getByRole("heading", { name: "Points packs" })).toBeVisible();

  await page.goto("/account");
  await expect(page.getByText("Coin balance")).toBeVisible();
  await expect(page.getByText("No plan")).toBeVisible();
  // Leaving a checkout is not a debt: the purchase reads as canceled, with no receipt.
  const purchase = purchaseHistory(page).getByRole("listitem");
  await expect(purchase).toContainText("Large Points Pack");
  await expect(purchase).toContainText("Canceled");
  await expect(purchase).not.toContainText("Unpaid");
  await expect(purchase.getByRole("link", { name: /Receipt/ })).toHaveCount(0);
});

test("a subscriber cancels in the billing portal and the account shows the plan ending", { tag: "@sandbox" }, async ({ page }) => {
  await signUp(page);
  await buy(page, "Starter");
  await payWithCard(page, "4242424242424242");
  await expect(page.getByText("Your plan: Starter")).toBeVisible();

  await page.goto("/account");
  await expect(page.getByText(/Active · Renews/)).toBeVisible();
  await page.getByRole("button", { name: "Manage subscription" }).click();
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await page.getByRole("link", { name: "Return" }).click();

  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  // The cancellation reaches the app as a webhook, which may land just after the redirect.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/Active · Ends/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});
