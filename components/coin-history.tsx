import type { LedgerEntryView } from "@/lib/account";
import { formatCoinChange, formatDateTime, humanize } from "@/components/format";
import { HistorySection } from "@/components/history-section";

export function CoinHistory({ entries }: { entries: LedgerEntryView[] }) {
  return (
    <HistorySection
      id="coins"
      title="Coin history"
      columns={["Date", "Change", "Reason", "Source"]}
      empty="No coin changes yet. Coins from points packs show up here."
      rows={entries.map((entry) => (
        <tr key={entry.id}>
          <td className="px-4 py-3 whitespace-nowrap">
            <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
          </td>
          <td className={`px-4 py-3 font-semibold tabular-nums ${entry.delta < 0 ? "text-red-800" : "text-emerald-800"}`}>
            {formatCoinChange(entry.delta)}
          </td>
          <td className="px-4 py-3">{humanize(entry.reason)}</td>
          <td className="px-4 py-3 font-mono text-xs break-all text-slate-600">{entry.sourceId}</td>
        </tr>
      ))}
    />
  );
}
