import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { PurchaseDetail } from "@/lib/admin/purchases/timeline";
import { formatMoney } from "@/components/format";
import { formatMoment } from "@/components/admin/purchases/moment";
import { StatusBadge } from "@/components/admin/purchases/status-badge";
import { StripeLink } from "@/components/admin/purchases/stripe-link";
import { consoleBreakdownWords } from "@/components/admin/purchases/breakdown-words";
import { PaidBreakdownList } from "@/components/paid-breakdown";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="mt-1 break-words text-slate-900">{children}</dd>
    </div>
  );
}

function StripeId({ id, link, about }: { id: string | null; link: string | null; about: string }) {
  return id ? (
    <span className="flex flex-wrap items-baseline gap-x-3">
      <code className="break-all text-sm">{id}</code>
      <StripeLink href={link} about={about} />
    </span>
  ) : null;
}

export async function PurchaseFacts({ purchase }: { purchase: PurchaseDetail }) {
  const [locale, t, breakdownWords] = await Promise.all([getLocale(), getTranslations("admin.purchases"), consoleBreakdownWords()]);
  const when = (iso: string) => <time dateTime={iso}>{formatMoment(locale, iso)}</time>;
  return (
    <section aria-labelledby="purchase-facts-heading" className="card space-y-4">
      <h2 id="purchase-facts-heading" className="text-xl font-semibold text-slate-900">
        {t("facts")}
      </h2>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Fact term={t("boughtBy")}>
          <Link href={`/admin/buyers/${encodeURIComponent(purchase.userId)}`} className="text-link break-all">
            {purchase.email}
            <span className="sr-only"> ({t("buyerPage")})</span>
          </Link>
        </Fact>
        <Fact term={t("amount")}>
          {purchase.breakdown ? (
            <PaidBreakdownList breakdown={purchase.breakdown} locale={locale} words={breakdownWords} className="max-w-xs space-y-0.5" />
          ) : (
            formatMoney(locale, purchase.amountCents, purchase.currency)
          )}
        </Fact>
        <Fact term={t("outcome")}>
          <StatusBadge status={purchase.status} />
        </Fact>
        <Fact term={t("refundedTotal")}>{formatMoney(locale, purchase.refundedCents, purchase.currency)}</Fact>
        <Fact term={t("sessionId")}>
          <StripeId id={purchase.checkoutSessionId} link={purchase.links.session} about={purchase.checkoutSessionId} />
        </Fact>
        <Fact term={t("sessionState")}>{purchase.sessionStatus ? <code className="text-sm">{purchase.sessionStatus}</code> : t("sessionUnknown")}</Fact>
        <Fact term={t("payment")}>
          {purchase.paymentIntentId ? <StripeId id={purchase.paymentIntentId} link={purchase.links.payment} about={purchase.paymentIntentId} /> : t("none")}
        </Fact>
        <Fact term={t("subscription")}>
          {purchase.subscriptionId ? <StripeId id={purchase.subscriptionId} link={purchase.links.subscription} about={purchase.subscriptionId} /> : t("none")}
        </Fact>
        <Fact term={t("created")}>{when(purchase.createdAt)}</Fact>
        <Fact term={t("delivered")}>{purchase.fulfilledAt ? when(purchase.fulfilledAt) : t("notDelivered")}</Fact>
        <Fact term={t("expires")}>{when(purchase.expiresAt)}</Fact>
        {purchase.failureMessage && <Fact term={t("failureMessage")}>{purchase.failureMessage}</Fact>}
        {purchase.needsOperator && <Fact term={t("needsOperator")}>{purchase.needsOperator}</Fact>}
      </dl>
    </section>
  );
}
