import { getTranslations } from "next-intl/server";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

const style: Record<PaymentStatus, string> = {
  paid: "bg-emerald-100 text-emerald-900",
  no_payment_required: "bg-emerald-100 text-emerald-900",
  processing: "bg-amber-100 text-amber-900",
  unpaid: "bg-slate-100 text-slate-800",
  expired: "bg-slate-100 text-slate-800",
  canceled: "bg-slate-100 text-slate-800",
  failed: "bg-red-100 text-red-900",
};

export async function StatusBadge({ status }: { status: PaymentStatus }) {
  const t = await getTranslations("admin.purchases");
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${style[status]}`}>{t(`statuses.${status}`)}</span>;
}
