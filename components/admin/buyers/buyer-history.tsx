import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { BuyerAuditEntry, BuyerLedgerEntry, BuyerPurchase, Capped } from "@/lib/admin/buyers/history";
import { showMoreHref, type BuyerList, type ListLimits } from "@/lib/admin/buyers/list-limits";
import { productNames } from "@/lib/i18n/product-texts";
import { formatCoinChange, formatDateTime, formatMoney } from "@/components/format";
import { HistorySection } from "@/components/account/history-section";

interface ListProps<T> {
  userId: string;
  limits: ListLimits;
  list: Capped<T>;
}

async function ShowMore({ userId, limits, list, more, heading }: { userId: string; limits: ListLimits; list: BuyerList; more: boolean; heading: string }) {
  if (!more) return null;
  const t = await getTranslations("admin.buyers");
  return (
    <p>
      <Link href={showMoreHref(userId, limits, list)} className="button-secondary" scroll={false} aria-label={t("showMoreOf", { list: heading })}>
        {t("showMore")}
      </Link>
    </p>
  );
}

export async function BuyerPurchases({ userId, limits, list }: ListProps<BuyerPurchase>) {
  const [locale, t, outcomes, nameOf] = await Promise.all([getLocale(), getTranslations("admin.buyers"), getTranslations("outcomes"), productNames()]);
  return (
    <div className="space-y-3">
      <HistorySection
        id="buyer-purchases"
        title={t("purchases")}
        empty={t("noPurchases")}
        items={list.items.map((purchase) => {
          const name = nameOf(purchase.productKey);
          const when = formatDateTime(locale, purchase.createdAt);
          return (
            <li key={purchase.checkoutSessionId} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 space-y-1">
                <p className="font-medium">
                  <Link href={`/admin/purchases/${encodeURIComponent(purchase.checkoutSessionId)}`} className="text-link">
                    {name}
                    <span className="sr-only">
                      {" "}
                      ({t("timelineOf")}, {when})
                    </span>
                  </Link>
                </p>
                <p className="text-slate-600">
                  <time dateTime={purchase.createdAt}>{when}</time>
                </p>
                <p className="break-all font-mono text-xs text-slate-600">{purchase.checkoutSessionId}</p>
              </div>
              <div className="flex flex-col items-end gap-1 text-right">
                <p className="font-semibold tabular-nums text-slate-900">{formatMoney(locale, purchase.amountCents, purchase.currency)}</p>
                <p className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-800">{outcomes(purchase.outcome)}</p>
                {purchase.refundedCents > 0 && <p className="text-slate-600">{t("refunded", { amount: formatMoney(locale, purchase.refundedCents, purchase.currency) })}</p>}
              </div>
            </li>
          );
        })}
      />
      <ShowMore userId={userId} limits={limits} list="purchases" more={list.more} heading={t("purchases")} />
    </div>
  );
}

export async function BuyerLedger({ userId, limits, list }: ListProps<BuyerLedgerEntry>) {
  const [locale, t, ledger, nameOf] = await Promise.all([getLocale(), getTranslations("admin.buyers"), getTranslations("ledger"), productNames()]);

  function describe(entry: BuyerLedgerEntry): string {
    switch (entry.reason) {
      case "generation":
      case "adjustment":
        return ledger(entry.reason);
      case "purchase":
        return entry.productKey ? ledger("purchase", { product: nameOf(entry.productKey) }) : ledger("purchaseUnknown");
      default:
        return entry.productKey ? ledger(entry.reason, { product: nameOf(entry.productKey) }) : ledger(`${entry.reason}Unknown`);
    }
  }

  return (
    <div className="space-y-3">
      <HistorySection
        id="buyer-ledger"
        title={t("ledger")}
        empty={t("noLedger")}
        items={list.items.map((entry) => (
          <li key={entry.id} className="flex items-start justify-between gap-4 px-4 py-3">
            <div className="min-w-0 space-y-1">
              <p className="font-medium text-slate-900">{describe(entry)}</p>
              <p className="text-slate-600">
                <time dateTime={entry.createdAt}>{formatDateTime(locale, entry.createdAt)}</time>
              </p>
              <p className="break-all font-mono text-xs text-slate-600">
                <span className="sr-only">{t("source")}: </span>
                {entry.sourceId}
              </p>
            </div>
            <p className={`font-semibold whitespace-nowrap tabular-nums ${entry.delta < 0 ? "text-red-800" : "text-emerald-800"}`}>
              {t("coinChange", { change: formatCoinChange(locale, entry.delta), abs: Math.abs(entry.delta) })}
            </p>
          </li>
        ))}
      />
      <ShowMore userId={userId} limits={limits} list="ledger" more={list.more} heading={t("ledger")} />
    </div>
  );
}

const KNOWN_ACTIONS = {
  "coins.adjust": "coins_adjust",
  "payment.refund": "payment_refund",
  "subscription.cancel": "subscription_cancel",
  "password.reset_link": "password_reset_link",
} as const;

function isKnownAction(action: string): action is keyof typeof KNOWN_ACTIONS {
  return Object.hasOwn(KNOWN_ACTIONS, action);
}

export async function BuyerAudit({ userId, limits, list }: ListProps<BuyerAuditEntry>) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("admin.buyers")]);
  const actionName = (action: string) => (isKnownAction(action) ? t(`auditActions.${KNOWN_ACTIONS[action]}`) : t("auditActions.other", { action }));
  return (
    <div className="space-y-3">
      <HistorySection
        id="buyer-audit"
        title={t("audit")}
        empty={t("noAudit")}
        items={list.items.map((entry) => (
          <li key={entry.id} className="space-y-1 px-4 py-3">
            <p className="font-medium break-all text-slate-900">{t("auditLine", { who: entry.actorEmail, action: actionName(entry.action) })}</p>
            <p className="break-words text-slate-800">{t("auditReason", { reason: entry.reason })}</p>
            <p className="break-all font-mono text-xs text-slate-600">
              {t("auditChange", { before: JSON.stringify(entry.before ?? null), after: JSON.stringify(entry.after ?? null) })}
            </p>
            <p className="text-slate-600">
              <time dateTime={entry.createdAt}>{formatDateTime(locale, entry.createdAt)}</time> · <span className="break-all font-mono text-xs">{entry.targetId}</span>
            </p>
          </li>
        ))}
      />
      <ShowMore userId={userId} limits={limits} list="audit" more={list.more} heading={t("audit")} />
    </div>
  );
}
