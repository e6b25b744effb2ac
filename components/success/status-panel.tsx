import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { AccountSummary } from "@/lib/account/account-views";
import type { PaidBreakdown } from "@/lib/account/paid-breakdown";
import { AccountSnapshot } from "@/components/account/account-snapshot";
import { isFinalPaymentStatus, type PaymentStatus } from "@/components/success/polling-rules";
import { LazyPaymentStatusPoller } from "@/components/success/lazy-status-poller";
import { PaidSummary } from "@/components/success/paid-summary";

interface PaymentStatusPanelProps {
  sessionId: string;
  /** undefined: no checkout with this id belongs to the buyer. */
  status: PaymentStatus | undefined;
  /** The buyer's balance and plan, shown once the purchase is paid; read while the panel's words load. */
  account: Promise<AccountSummary | null>;
  /** What the purchase cost, line by line, shown with the balance once it is paid. */
  paid: Promise<PaidBreakdown | null>;
}

export async function PaymentStatusPanel({ sessionId, status, account, paid }: PaymentStatusPanelProps) {
  const [t, common] = await Promise.all([getTranslations("payment"), getTranslations("common")]);

  const withBack = (text: string): ReactNode => (
    <>
      <p>{text}</p>
      <p>
        <Link href="/" className="text-link">
          {common("backToPricing")}
        </Link>
      </p>
    </>
  );
  /** What the buyer got, between the words and the links. */
  const purchased = (text: string): ReactNode => (
    <>
      <p>{text}</p>
      <AccountSnapshot account={account} />
      <PaidSummary paid={paid} />
      <p className="flex flex-wrap gap-4">
        <Link href="/account" className="button-primary">
          {t("goToAccount")}
        </Link>
        <Link href="/" className="button-secondary">
          {common("backToPricing")}
        </Link>
      </p>
    </>
  );

  const byStatus: Record<PaymentStatus | "not_found", { heading: string; body: ReactNode }> = {
    paid: { heading: t("paidTitle"), body: purchased(t("paidBody")) },
    no_payment_required: { heading: t("freeTitle"), body: purchased(t("freeBody")) },
    processing: { heading: t("processingTitle"), body: <p>{t("processingBody")}</p> },
    unpaid: { heading: t("unpaidTitle"), body: <p>{t("unpaidBody")}</p> },
    failed: {
      heading: t("failedTitle"),
      body: (
        <>
          <p>{t("failedBody")}</p>
          <p>
            <Link href="/" className="button-primary">
              {t("tryAgain")}
            </Link>
          </p>
        </>
      ),
    },
    expired: { heading: t("expiredTitle"), body: withBack(t("expiredBody")) },
    canceled: { heading: t("canceledTitle"), body: withBack(t("canceledBody")) },
    not_found: { heading: t("notFoundTitle"), body: withBack(t("notFoundBody")) },
  };
  const content = byStatus[status ?? "not_found"];
  // One live region for the page's whole life: a refresh after the poll changes only its content,
  // which screen readers announce, and min-h keeps its size while the words change (room enough
  // for a paid card payment with what was paid listed under it).
  return (
    <div role="status" aria-live="polite" className="card mx-auto min-h-96 max-w-xl space-y-4 p-6 text-slate-700 sm:p-8">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{content.heading}</h1>
      {content.body}
      {status && !isFinalPaymentStatus(status) && <LazyPaymentStatusPoller sessionId={sessionId} rendered={status} />}
    </div>
  );
}
