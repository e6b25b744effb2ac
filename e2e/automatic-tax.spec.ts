import { expectGoodScreen } from "./support/checks";
import { paidRows } from "./support/paid-breakdown";
import { startSecondStore, type SecondStore } from "./support/second-store";
import { payWithCard, purchaseHistory, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// A store with STRIPE_AUTOMATIC_TAX=1 (a second storefront beside the main run's, which sells
// without tax): Stripe's page asks for the billing address, refuses to take the payment without
// it, and adds the tax of the buyer's country on top of the price; the buyer sees subtotal, tax and
// total paid on the success page and in their history. The sandbox's stand-in tax table has
// Germany at 19 %. In English and Chinese, on a phone.

const TAXED_PORT = 3211;

let store: SecondStore;
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => {
  store = await startSecondStore({ name: "tax", port: TAXED_PORT, sandboxPort: 12113, embeddedDbPort: 54331, env: { STRIPE_AUTOMATIC_TAX: "1" } });
});
test.afterAll(async () => {
  await store?.stop();
});

const words = {
  en: {
    buy: "Buy Medium Points Pack",
    paid: "Payment successful",
    whatYouPaid: "What you paid",
    lines: ["Subtotal $5", "Tax $0.95", "Total paid $5.95"],
    goToAccount: "Go to your account",
    account: "Your account",
    pack: "Medium Points Pack",
  },
  "zh-CN": {
    buy: "购买中额积分包",
    paid: "支付成功",
    whatYouPaid: "支付明细",
    lines: ["小计 US$5", "税费 US$0.95", "实付金额 US$5.95"],
    goToAccount: "前往我的账户",
    account: "我的账户",
    pack: "中额积分包",
  },
} as const;

for (const language of ["en", "zh-CN"] as const) {
  test.describe(`automatic tax in ${language} at 360 px`, () => {
    test.use({ locale: language, viewport: { width: 360, height: 900 }, baseURL: `http://127.0.0.1:${TAXED_PORT}` });
    const w = words[language];

    test("a buyer in Germany pays a pack's price plus 19 % tax, after Stripe's page asked for the address it needs", { tag: "@sandbox" }, async ({ page }) => {
      await signUp(page, language);
      await page.goto("/");
      await page.getByRole("button", { name: w.buy, exact: true }).click();
      await page.waitForURL(/\/c\/pay\/cs_test_/);

      // Stripe's page (the sandbox's, in its own English) needs the address before it takes the card.
      await payWithCard(page, "4242424242424242");
      await expect(page.getByRole("alert")).toHaveText("Your billing address is incomplete.");
      await page.getByLabel("Country or region").selectOption("DE");
      await page.getByLabel("Postal code").fill("10115");
      await page.getByLabel("Address line 1").fill("Unter den Linden 1");
      await page.getByLabel("City").fill("Berlin");
      await page.getByRole("button", { name: "Update total" }).click();
      await expect(page.getByTestId("tax")).toHaveText("$0.95");
      await expect(page.getByTestId("total")).toHaveText("$5.95");
      await payWithCard(page, "4242424242424242");

      await expect(page.getByRole("heading", { name: w.paid })).toBeVisible();
      const paid = page.getByRole("region", { name: w.whatYouPaid });
      expect(await paidRows(paid)).toEqual(w.lines);
      await expectGoodScreen(page, `the success page of a taxed pack in ${language}`);

      await page.getByRole("link", { name: w.goToAccount }).click();
      await expect(page.getByRole("heading", { name: w.account })).toBeVisible();
      const purchase = purchaseHistory(page).getByRole("listitem");
      await expect(purchase).toContainText(w.pack);
      expect(await paidRows(purchase)).toEqual(w.lines);
      await expectGoodScreen(page, `the account of a taxed pack's buyer in ${language}`);
    });
  });
}
