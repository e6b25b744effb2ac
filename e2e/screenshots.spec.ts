import { expect, test } from "./support/test";

// The README's pictures of the pricing grid, one per language. Taken only when asked:
//   UPDATE_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
for (const [locale, file, heading] of [
  ["en", "pricing.png", "Pricing"],
  ["zh-CN", "pricing-zh-CN.png", "价格"],
] as const) {
  test.describe(`the README's grid in ${locale}`, () => {
    test.use({ locale, viewport: { width: 1280, height: 1000 } });

    test(`is pictured in public/screenshots/${file}`, async ({ page }) => {
      test.skip(!process.env.UPDATE_SCREENSHOTS, "set UPDATE_SCREENSHOTS=1 to retake the README's pictures");
      await page.goto("/");
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await page.screenshot({ path: `public/screenshots/${file}`, fullPage: true });
    });
  });
}
