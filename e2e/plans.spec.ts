import { expect, test } from "./support/test";
import { buy, coinHistory, payWithCard, purchaseHistory, sandboxApi, sandboxControl, sessionIdFrom, signUp } from "./support/storefront";

// A plan's whole life in the browser: changes in the app, a failed renewal fixed in the portal,
// Lifetime over a subscription, and money taken back from a pack.

async function subscribe(page: import("@playwright/test").Page, plan: string): Promise<string> {
  await signUp(page);
  await buy(page, plan);
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  return sessionId;
}

const planCard = (page: import("@playwright/test").Page) => page.getByRole("definition").filter({ hasText: /Active|Payment failed|Yours forever|Canceled/ });

test("a subscriber upgrades from Starter to Advanced after seeing the prorated amount due today", async ({ page }) => {
  await subscribe(page, "Starter");
  await page.goto("/account");

  await page.getByRole("button", { name: /^Switch to Advanced/ }).click();
  await expect(page.getByText(/Switch to Advanced now and pay \$\d+(\.\d\d)? today/)).toBeVisible();
  await page.getByRole("button", { name: "Confirm" }).click();

  await expect(page.getByText("Advanced", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Switch to Starter/ })).toBeVisible();
});

test("a downgrade waits for the period end, shows when, and can be undone", async ({ page }) => {
  await subscribe(page, "Advanced");
  await page.goto("/account");

  await page.getByRole("button", { name: /^Switch to Starter/ }).click();
  await expect(page.getByText(/You keep Advanced until then/)).toBeVisible();
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(/Changes to Starter on /)).toBeVisible();

  await page.getByRole("button", { name: "Keep Advanced" }).click();
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(/Active · Renews /)).toBeVisible();
});

test("a month later the plan renews on time and its generations start again from zero", { tag: "@sandbox" }, async ({ page, request }) => {
  await subscribe(page, "Starter");
  for (const key of ["first", "second"]) {
    const spent = await page.request.post("/api/usage", { data: { feature: "generation", idempotencyKey: `renewal-${key}` } });
    expect(spent.status()).toBe(201);
  }
  await page.goto("/account");
  await expect(page.getByText(/^2 of 100 generations used, resets /)).toBeVisible();
  const renews = await page.getByText(/Active · Renews /).textContent();

  await sandboxControl(request, "/_sandbox/clock/advance", { seconds: 32 * 24 * 3600 });
  await expect(async () => {
    await page.goto("/account");
    await expect(page.getByText(/^0 of 100 generations used, resets /)).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(page.getByText(/Active · Renews /)).not.toHaveText(renews ?? "");
});

test("a failed renewal shows past due, and a new card in the portal makes the plan active again", { tag: "@sandbox" }, async ({ page, request }) => {
  const sessionId = await subscribe(page, "Starter");
  const session = await sandboxApi<{ subscription: string; customer: string }>(request, `checkout/sessions/${sessionId}`);
  const failing = await sandboxApi<{ id: string }>(request, "payment_methods/pm_card_chargeCustomerFail/attach", { customer: session.customer });
  await sandboxApi(request, `subscriptions/${session.subscription}`, { default_payment_method: failing.id });

  await sandboxControl(request, "/_sandbox/clock/advance", { seconds: 32 * 24 * 3600 });
  await expect(async () => {
    await page.goto("/account");
    await expect(page.getByText("Your last payment failed — update your card to keep your plan.")).toBeVisible({ timeout: 1000 });
  }).toPass();

  await page.getByRole("button", { name: "Update card" }).click();
  await page.getByLabel("Card number").fill("4242424242424242");
  await page.getByLabel("Expiration").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Update card" }).click();
  await page.getByRole("link", { name: "Return" }).click();

  await expect(async () => {
    await page.goto("/account");
    await expect(page.getByText(/Active · Renews /)).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(page.getByText(/^0 of 100 generations used/)).toBeVisible();
});

test("a subscriber buys Lifetime: the plan is Lifetime at once and the subscription ends", { tag: "@sandbox" }, async ({ page, request }) => {
  const sessionId = await subscribe(page, "Advanced");
  const { subscription } = await sandboxApi<{ subscription: string }>(request, `checkout/sessions/${sessionId}`);

  await buy(page, "Lifetime");
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();

  await page.goto("/account");
  await expect(planCard(page).getByText("Yours forever")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Change plan" })).toHaveCount(0);
  await expect.poll(async () => (await sandboxApi<{ status: string }>(request, `subscriptions/${subscription}`)).status).toBe("canceled");
});

test("a disputed pack's coins are held until the dispute is won", { tag: "@sandbox" }, async ({ page, request }) => {
  await signUp(page);
  await buy(page, "Medium Points Pack");
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4000000000000259");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();

  await expect(async () => {
    await page.goto("/account");
    await expect(page.getByText("550 coins held while a payment dispute is open")).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(purchaseHistory(page).getByRole("listitem")).toContainText("Disputed");
  await expect(coinHistory(page).getByRole("listitem").first()).toContainText("Medium Points Pack: held during a payment dispute");

  const { payment_intent: paymentIntent } = await sandboxApi<{ payment_intent: string }>(request, `checkout/sessions/${sessionId}`);
  const { data } = await sandboxApi<{ data: { id: string }[] }>(request, `disputes?payment_intent=${paymentIntent}`);
  await sandboxApi(request, `disputes/${data[0]?.id}`, { "evidence[uncategorized_text]": "winning_evidence" });
  await sandboxControl(request, `/_sandbox/disputes/${data[0]?.id}/settle`, { outcome: "won" });
  await expect(async () => {
    await page.goto("/account");
    await expect(page.getByText("550 coins", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(purchaseHistory(page).getByRole("listitem")).toContainText("Paid");
  await expect(coinHistory(page).getByRole("listitem").first()).toContainText("Medium Points Pack: released, dispute won");
});

test("a refunded pack's coins leave the balance, and the history says so", { tag: "@sandbox" }, async ({ page, request }) => {
  await signUp(page);
  await buy(page, "Medium Points Pack");
  const sessionId = sessionIdFrom(page);
  await payWithCard(page, "4242424242424242");
  await expect(page.getByText("Your balance: 550 coins")).toBeVisible();

  const { payment_intent: paymentIntent } = await sandboxApi<{ payment_intent: string }>(request, `checkout/sessions/${sessionId}`);
  await sandboxApi(request, "refunds", { payment_intent: paymentIntent, amount: "250" });

  await expect(async () => {
    await page.goto("/account");
    await expect(page.getByText("275 coins", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(coinHistory(page).getByRole("listitem").filter({ hasText: "Refund of Medium Points Pack" })).toContainText(/[−-]275 coins/);
  const purchase = purchaseHistory(page).getByRole("listitem");
  await expect(purchase).toContainText("Partly refunded");
  await expect(purchase).toContainText("$2.50 refunded");

  // The receipt is Stripe's, for the charge: it opens from the purchase, in a new tab.
  const [receipt] = await Promise.all([page.waitForEvent("popup"), purchase.getByRole("link", { name: /^Receipt/ }).click()]);
  await receipt.waitForLoadState();
  expect(receipt.url()).toMatch(/\/receipts\/ch_/);
  await expect(receipt.getByText("$5.00").first()).toBeVisible();
});
