import { randomUUID } from "node:crypto";
import path from "node:path";
import type { APIRequestContext, FrameLocator, Page } from "@playwright/test";
import { mailTo } from "../test-support/eml";
import { expectGoodScreen } from "./support/checks";
import { startSecondStore, type SecondStore } from "./support/second-store";
import { payWithCard } from "./support/storefront";
import { expect, test } from "./support/test";

// The checkout options a store owner switches on (README, Environment), on a store started with
// them: Checkout inside the store's page (STOREFRONT_CHECKOUT_UI=embedded), paid, declined and
// through 3-D Secure in its frame; and Starter's free trial (STOREFRONT_STARTER_TRIAL_DAYS=7) that
// becomes a paid month on the sandbox's clock and is never given twice. On a phone.

const PORT = 3230;
let store: SecondStore;

test.beforeAll(async () => {
  store = await startSecondStore({
    name: "options",
    port: PORT,
    sandboxPort: 12130,
    embeddedDbPort: 54340,
    env: { STOREFRONT_CHECKOUT_UI: "embedded", STOREFRONT_STARTER_TRIAL_DAYS: "7" },
  });
});
test.afterAll(() => store.stop());
test.use({ baseURL: `http://127.0.0.1:${PORT}`, locale: "en", viewport: { width: 360, height: 800 } });
test.describe.configure({ timeout: 120_000 });

/** A new buyer of this store, signed in through the link it mails (written under its own data folder). */
async function signUp(page: Page): Promise<void> {
  const email = `buyer-${randomUUID()}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("E2E Buyer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  let link: string | undefined;
  await expect
    .poll(async () => {
      link = (await mailTo(path.resolve(".data/e2e-options/mail"), email)).find((mail) => mail.file.includes("-verifyEmail-"))?.links[0];
      return link;
    }, { timeout: 15_000 })
    .toBeDefined();
  await page.goto(link ?? "/");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

function checkoutForm(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Embedded Checkout"]');
}

async function openCheckout(page: Page, product: string): Promise<FrameLocator> {
  await page.goto("/");
  await page.getByRole("button", { name: `Buy ${product}`, exact: true }).click();
  await expect(page.getByRole("dialog", { name: `Pay for ${product}` })).toBeVisible();
  const form = checkoutForm(page);
  await expect(form.getByLabel("Card number")).toBeVisible();
  return form;
}

async function sandbox(request: APIRequestContext, path: string, body: object): Promise<void> {
  const response = await request.post(`${store.sandboxUrl}${path}`, { data: body });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
}

test.describe("Checkout inside the store's page", () => {
  test("takes a card payment in its frame and lands on the success page with the coins", { tag: "@sandbox" }, async ({ page }) => {
    await signUp(page);
    const form = await openCheckout(page, "Medium Points Pack");
    // Stripe's form is Stripe's page, in a frame of its own: the store answers for everything around it.
    await expectGoodScreen(page, "the grid with Checkout open in it", { thirdPartyFrame: 'iframe[title="Embedded Checkout"]' });

    await payWithCard(form, "4242424242424242");

    await page.waitForURL(/\/success\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(page.getByText("Your balance: 550 coins")).toBeVisible();
  });

  test("shows a declined card in the form; closing it leaves the buyer on the grid, free to try again", { tag: "@sandbox" }, async ({ page }) => {
    await signUp(page);
    const form = await openCheckout(page, "Small Points Pack");

    await payWithCard(form, "4000000000000002");

    await expect(form.getByRole("alert")).toContainText(/declined/i);
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page).toHaveURL(/\/$/);
    const buy = page.getByRole("button", { name: "Buy Small Points Pack", exact: true });
    await expect(buy).toBeEnabled();
    await expect(buy).toBeFocused();

    // The same open session again, paid this time.
    await buy.click();
    await payWithCard(checkoutForm(page), "4242424242424242");
    await page.waitForURL(/\/success\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  });

  test("runs 3-D Secure inside its frame, then pays", { tag: "@sandbox" }, async ({ page }) => {
    await signUp(page);
    const form = await openCheckout(page, "Large Points Pack");

    await payWithCard(form, "4000002760003184");
    await form.getByRole("button", { name: "Complete authentication" }).click();

    await page.waitForURL(/\/success\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  });
});

test.describe("Starter's free trial", () => {
  test("starts free, shows when it ends, and becomes a paid month on the clock; a second Starter gets no trial", { tag: "@sandbox" }, async ({ page, request }) => {
    await signUp(page);
    await page.goto("/");
    const starter = page.getByRole("article", { name: "Starter" });
    await expect(starter).toContainText("7 days free, then $5 a month.");

    const form = await openCheckout(page, "Starter");
    await expect(form.getByTestId("trial")).toHaveText("7 days free");
    await payWithCard(form, "4242424242424242");
    await page.waitForURL(/\/success\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "All set" })).toBeVisible();

    await page.goto("/account");
    await expect(page.getByText(/Free trial · Ends .+, then \$5 a month/)).toBeVisible();
    await expectGoodScreen(page, "the account page during a trial");

    await sandbox(request, "/_sandbox/clock/advance", { seconds: 8 * 24 * 3600 });
    await expect(async () => {
      await page.reload();
      await expect(page.getByText(/^Active · Renews /)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    // Ended at Stripe (as the portal would), the plan can be bought again: at full price, with no trial.
    const subscriptions = await request.get(`${store.sandboxUrl}/v1/subscriptions?limit=100`, { headers: { authorization: "Bearer sk_test_sandbox" } });
    const { data } = (await subscriptions.json()) as { data: { id: string; status: string }[] };
    for (const subscription of data.filter((each) => each.status === "active")) {
      await request.delete(`${store.sandboxUrl}/v1/subscriptions/${subscription.id}`, { headers: { authorization: "Bearer sk_test_sandbox" } });
    }
    await expect(async () => {
      await page.goto("/");
      await expect(page.getByRole("button", { name: "Buy Starter", exact: true })).toBeEnabled({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("article", { name: "Starter" })).not.toContainText("days free");
    const again = await openCheckout(page, "Starter");
    await expect(again.getByRole("button", { name: "Subscribe" })).toBeVisible();
    await expect(again.getByTestId("trial")).toHaveCount(0);
  });
});
