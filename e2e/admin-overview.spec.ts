import type { Page } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { signInAsOwner } from "./support/operator";
import { buy, payWithCard, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// The console's overview (/admin): the store owner sees how the store is doing and whether
// payments are healthy, in English and Chinese, on a phone and a desktop; to anyone else the
// console does not exist.

const words = {
  en: {
    title: "Overview",
    health: "Payment health",
    revenue: "Revenue",
    windows: ["Today", "Last 7 days", "Last 30 days"],
    rates: "Payment success and conversion",
    ratesTable: "Payment success and conversion by day, newest first",
    webhooks: "Stripe webhooks",
    disputes: "Open disputes",
    reconcile: "Last reconcile run",
    alerts: "Open alerts",
    pack: "Medium Points Pack",
    notFound: "Page not found",
  },
  "zh-CN": {
    title: "概览",
    health: "支付状况",
    revenue: "收入",
    windows: ["今天", "最近 7 天", "最近 30 天"],
    rates: "支付成功率与转化率",
    ratesTable: "每日支付成功率与转化率，最新在前",
    webhooks: "Stripe Webhook",
    disputes: "未结争议",
    reconcile: "上一次对账",
    alerts: "未解决的告警",
    pack: "中额积分包",
    notFound: "页面不存在",
  },
} as const;

type Language = keyof typeof words;

/** A buyer of its own pays for a Medium Points Pack with the test card, then signs out. */
async function aBuyerPaysForAMediumPack(page: Page): Promise<void> {
  await signUp(page);
  await buy(page, "Medium Points Pack");
  await payWithCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

async function expectTheOverview(page: Page, language: Language): Promise<void> {
  const w = words[language];
  await expect(page.getByRole("heading", { name: w.title, level: 1 })).toBeVisible();
  for (const heading of [w.health, w.alerts, w.revenue, w.rates, w.webhooks, w.disputes, w.reconcile]) {
    await expect(page.getByRole("heading", { name: heading, level: 2 })).toBeVisible();
  }
  for (const window of w.windows) await expect(page.getByRole("article", { name: window })).toBeVisible();
  // A row per UTC day of the last 14, plus the header row.
  await expect(page.getByRole("table", { name: w.ratesTable }).getByRole("row")).toHaveCount(15);
}

for (const language of ["en", "zh-CN"] as const) {
  for (const width of [360, 1280]) {
    test.describe(`the overview in ${language} at ${width} px`, () => {
      test.use({ locale: language, viewport: { width, height: 900 } });

      test("shows the owner revenue, success rates, webhooks, disputes and reconcile, fitting the screen with no accessibility violations", async ({ page }) => {
        await signInAsOwner(page, language);
        await page.goto("/admin");
        await expectTheOverview(page, language);
        await expectGoodScreen(page, `the overview in ${language} at ${width} px`);
      });
    });
  }
}

test.describe("a payment on the overview", () => {
  test.use({ locale: "en", viewport: { width: 1280, height: 900 } });

  test("shows up in today's revenue by product, and in today's success rate", { tag: "@sandbox" }, async ({ page }) => {
    await aBuyerPaysForAMediumPack(page);
    await signInAsOwner(page, "en");
    await page.goto("/admin");

    const today = page.getByRole("article", { name: "Today" });
    await expect(today.getByRole("listitem").filter({ hasText: words.en.pack })).toBeVisible();
    const todayRow = page.getByRole("table", { name: words.en.ratesTable }).getByRole("row").nth(1);
    await expect(todayRow).toContainText(/\d+ paid of \d+/);
    await expect(todayRow).not.toContainText("No Checkouts");
  });
});

for (const language of ["en", "zh-CN"] as const) {
  test.describe(`the console in ${language}, to anyone but an operator`, () => {
    test.use({ locale: language });

    test("is the 404 page for a signed-out visitor and for a buyer", async ({ page }) => {
      const visit = await page.goto("/admin");
      expect(visit?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: words[language].notFound })).toBeVisible();
      await expect(page.getByRole("heading", { name: words[language].title })).toHaveCount(0);

      await signUp(page, language);
      const asBuyer = await page.goto("/admin");
      expect(asBuyer?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: words[language].notFound })).toBeVisible();
      await expect(page.getByRole("heading", { name: words[language].revenue })).toHaveCount(0);
    });
  });
}

// The README's picture of the overview, taken only when asked, as e2e/screenshots.spec.ts takes
// the pricing grid's:
//   UPDATE_SCREENSHOTS=1 npx playwright test e2e/admin-overview.spec.ts
test.describe("the README's overview", () => {
  test.use({ locale: "en", viewport: { width: 1280, height: 1000 } });

  test("is pictured in docs/images/admin-overview.png", { tag: "@sandbox" }, async ({ page }) => {
    test.skip(!process.env.UPDATE_SCREENSHOTS, "set UPDATE_SCREENSHOTS=1 to retake the README's pictures");
    await aBuyerPaysForAMediumPack(page);
    await signInAsOwner(page, "en");
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await page.screenshot({ path: "docs/images/admin-overview.png", fullPage: true });
  });
});
