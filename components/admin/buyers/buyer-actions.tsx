import { randomUUID } from "node:crypto";
import { getLocale, getTranslations } from "next-intl/server";
import type { BuyerPurchase } from "@/lib/admin/buyers/history";
import type { BuyerProfile } from "@/lib/admin/buyers/profile";
import { MAX_REASON } from "@/lib/api-contract/admin-actions-api";
import { errorTexts } from "@/lib/i18n/error-texts";
import { productNames } from "@/lib/i18n/product-texts";
import { formatDate, formatMoney } from "@/components/format";
import { CancelSubscriptionForm } from "@/components/admin/buyers/cancel-subscription-form";
import { CoinAdjustmentForm } from "@/components/admin/buyers/coin-adjustment-form";
import { PasswordResetForm } from "@/components/admin/buyers/password-reset-form";
import { RefundForm } from "@/components/admin/buyers/refund-form";

// The three money-moving forms, and the reset link for a buyer who cannot get in. Each rendering gives each form a new submission id: the copies of
// one submission (a double-click, a retry) are one action at the API, and the next action, after
// the page's data is read again, is a new one.

export async function BuyerActions({ buyer, purchases }: { buyer: BuyerProfile; purchases: BuyerPurchase[] }) {
  const [locale, t, nameOf, errors, help] = await Promise.all([getLocale(), getTranslations("admin.buyers"), productNames(), errorTexts(), getTranslations("accounts.console")]);
  const common = { locale, reason: t("reason"), reasonHint: t("reasonHint"), working: t("working"), errors };
  const raw = (key: Parameters<typeof t.raw>[0]) => t.raw(key) as string;

  const refundable = purchases
    .filter((purchase) => purchase.refundableCents > 0)
    .map((purchase) => ({
      checkoutSessionId: purchase.checkoutSessionId,
      label: t("refund.option", {
        product: nameOf(purchase.productKey),
        amount: formatMoney(locale, purchase.amountCents, purchase.currency),
        date: formatDate(locale, purchase.createdAt),
        left: formatMoney(locale, purchase.refundableCents, purchase.currency),
      }),
    }));
  const plan = buyer.plan;
  const subscription =
    plan?.sourceId.startsWith("sub_") && plan.status === "active" && plan.subscriptionStatus !== "canceled" ? { id: plan.sourceId, periodEnd: plan.currentPeriodEnd } : null;

  return (
    <section aria-labelledby="buyer-actions-heading" className="space-y-4">
      <div>
        <h2 id="buyer-actions-heading" className="text-xl font-semibold text-slate-900">
          {t("actions")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("actionsIntro")}</p>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <CoinAdjustmentForm
          userId={buyer.id}
          submissionId={randomUUID()}
          maxReason={MAX_REASON}
          texts={{
            ...common,
            heading: t("adjust.heading"),
            delta: t("adjust.delta"),
            deltaHint: t("adjust.deltaHint", { balance: buyer.coinBalance }),
            submit: t("adjust.submit"),
            done: raw("adjust.done"),
            repeated: raw("adjust.repeated"),
          }}
        />
        <RefundForm
          payments={refundable}
          submissionId={randomUUID()}
          maxReason={MAX_REASON}
          texts={{
            ...common,
            heading: t("refund.heading"),
            payment: t("refund.payment"),
            amount: t("refund.amount"),
            amountHint: t("refund.amountHint"),
            submit: t("refund.submit"),
            done: raw("refund.done"),
            doneNote: t("refund.doneNote"),
            repeated: raw("refund.repeated"),
            nothing: t("refund.nothing"),
          }}
        />
        <CancelSubscriptionForm
          userId={buyer.id}
          subscriptionId={subscription?.id ?? null}
          submissionId={randomUUID()}
          maxReason={MAX_REASON}
          texts={{
            ...common,
            heading: t("cancel.heading"),
            when: t("cancel.when"),
            periodEnd: subscription?.periodEnd ? t("cancel.periodEnd", { date: formatDate(locale, subscription.periodEnd) }) : t("cancel.periodEndUnknown"),
            now: t("cancel.now"),
            submit: t("cancel.submit"),
            doneNow: t("cancel.doneNow"),
            donePeriodEnd: raw("cancel.donePeriodEnd"),
            doneUndated: t("cancel.doneUndated"),
            repeated: t("cancel.repeated"),
            nothing: t("cancel.nothing"),
          }}
        />
        <PasswordResetForm
          userId={buyer.id}
          submissionId={randomUUID()}
          maxReason={MAX_REASON}
          texts={{ ...common, heading: help("heading"), intro: help("intro"), submit: help("submit"), working: help("working"), done: help("done") }}
        />
      </div>
    </section>
  );
}
