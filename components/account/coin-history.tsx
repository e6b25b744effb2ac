import { getLocale, getTranslations } from "next-intl/server";
import type { LedgerEntryView } from "@/lib/account/account-views";
import { productNames } from "@/lib/i18n/product-texts";
import { formatCoinChange, formatDateTime } from "@/components/format";
import { HistorySection } from "@/components/account/history-section";

export async function CoinHistory({ entries }: { entries: LedgerEntryView[] }) {
  const [locale, t, ledger, nameOf] = await Promise.all([getLocale(), getTranslations("account"), getTranslations("ledger"), productNames()]);

  /** What moved the coins, in the buyer's words: the pack bought, the refund of it, a generation. */
  function describe(entry: LedgerEntryView): string {
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
    <HistorySection
      id="coins"
      title={t("coinHistory")}
      empty={t("noCoinChanges")}
      items={entries.map((entry) => (
        <li key={entry.id} className="flex items-start justify-between gap-4 px-4 py-3">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">{describe(entry)}</p>
            <p className="text-slate-600">
              <time dateTime={entry.createdAt}>{formatDateTime(locale, entry.createdAt)}</time>
            </p>
          </div>
          <p className={`font-semibold whitespace-nowrap tabular-nums ${entry.delta < 0 ? "text-red-800" : "text-emerald-800"}`}>
            {t("coinChange", { change: formatCoinChange(locale, entry.delta), abs: Math.abs(entry.delta) })}
          </p>
        </li>
      ))}
    />
  );
}
