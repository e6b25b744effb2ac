import { afterAll, beforeAll, expect, it } from "vitest";
import { reconcileUnsettledPurchases } from "@/lib/payments/reconcile";
import { signUpBuyer } from "@/lib/testing/buyers";
import { checkout, coinsOf } from "@/lib/testing/storefront";
import { startTestStripe, type TestStripe } from "@/lib/testing/test-stripe";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

it("delivers goods for payments whose webhooks never arrived, once, however often it runs", async () => {
  const paid = await signUpBuyer();
  const abandoned = await signUpBuyer();
  const { sessionId } = await checkout(paid, await sandbox.priceId("medium_pack"));
  await checkout(abandoned, await sandbox.priceId("small_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

  const first = await reconcileUnsettledPurchases();
  const second = await reconcileUnsettledPurchases();

  expect(first).toEqual({ checked: 2, delivered: 1 });
  expect(second).toEqual({ checked: 1, delivered: 0 });
  expect(await coinsOf(paid.id)).toEqual({ balance: 550, ledgerEntries: 1, ledgerSum: 550 });
  expect((await coinsOf(abandoned.id)).balance).toBe(0);
});
