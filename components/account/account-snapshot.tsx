import { getTranslations } from "next-intl/server";
import { planByTier } from "@/lib/catalog/products";
import type { AccountSummary } from "@/lib/account/account-views";
import { productNames } from "@/lib/i18n/product-texts";

/**
 * Balance and plan right after a purchase, so the buyer sees what they got. Part of the first
 * HTML, not streamed after it: a browser paints a page whose document has ended sooner than one
 * still streaming (measured in bench/), and the balance needs no script to appear.
 */
export async function AccountSnapshot({ account }: { account: Promise<AccountSummary | null> }) {
  const [t, nameOf] = await Promise.all([getTranslations("payment"), productNames()]);
  const summary = await account.catch((error: unknown) => {
    console.error("success page: could not read the account summary", error);
    return null;
  });
  if (!summary) return <p className="text-slate-700">{t("balanceUnavailable")}</p>;
  const plan = summary.plan?.status === "active" ? planByTier(summary.plan.tier) : undefined;
  return (
    <ul className="space-y-1 text-lg text-slate-900">
      <li>{t("yourBalance", { count: summary.coinBalance })}</li>
      {plan && <li>{t("yourPlan", { plan: nameOf(plan.key) })}</li>}
    </ul>
  );
}
