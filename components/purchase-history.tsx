import Link from "next/link";
import { productByKey } from "@/lib/catalog";
import type { PurchaseView } from "@/lib/account";
import { formatAmount, formatDateTime, humanize } from "@/components/format";
import { HistorySection } from "@/components/history-section";

export function PurchaseHistory({ purchases }: { purchases: PurchaseView[] }) {
  return (
    <HistorySection
      id="purchases"
      title="Purchase history"
      columns={["Date", "Product", "Amount", "Status"]}
      empty={
        <>
          No purchases yet.{" "}
          <Link href="/" className="text-link">
            Browse plans and packs
          </Link>
        </>
      }
      rows={purchases.map((purchase) => (
        <tr key={purchase.checkoutSessionId}>
          <td className="px-4 py-3 whitespace-nowrap">
            <time dateTime={purchase.createdAt}>{formatDateTime(purchase.createdAt)}</time>
          </td>
          <td className="px-4 py-3">{productByKey(purchase.productKey)?.name ?? purchase.productKey}</td>
          <td className="px-4 py-3 whitespace-nowrap">{formatAmount(purchase.amountCents, purchase.currency)}</td>
          <td className="px-4 py-3">{humanize(purchase.status)}</td>
        </tr>
      ))}
    />
  );
}
