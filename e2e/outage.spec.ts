import { expect, test } from "./support/test";
import { sandboxControl, signUp } from "./support/storefront";

test.afterEach(async ({ request }) => {
  await sandboxControl(request, "/_sandbox/config", { apiOutage: false });
});

test("Buy while Stripe is unreachable says so kindly, and works again once Stripe is back", { tag: "@sandbox" }, async ({ page, request }) => {
  await signUp(page);
  await page.goto("/");
  await sandboxControl(request, "/_sandbox/config", { apiOutage: true });

  const outage = page.waitForResponse((response) => response.url().endsWith("/api/create-checkout-session"));
  await page.getByRole("button", { name: "Buy Small Points Pack", exact: true }).click();
  const answer = await outage;

  expect(answer.status()).toBe(503);
  expect(await answer.json()).toMatchObject({ error: { code: "stripe_unavailable" } });
  await expect(page.getByRole("alert").filter({ hasText: "Payments are temporarily unavailable. Please try again in a minute." })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  await sandboxControl(request, "/_sandbox/config", { apiOutage: false });
  await page.getByRole("button", { name: "Buy Small Points Pack", exact: true }).click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
});
