import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireOperatorPage } from "@/lib/admin/operator";
import { isCheckoutSessionId } from "@/lib/admin/purchases/search-input";
import { purchaseTimeline } from "@/lib/admin/purchases/timeline";
import { productNames } from "@/lib/i18n/product-texts";
import { PurchaseFacts } from "@/components/admin/purchases/purchase-facts";
import { Timeline } from "@/components/admin/purchases/timeline";

/** The id as typed; a malformed escape in the address is shown as it is rather than thrown. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface Props {
  params: Promise<{ sessionId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireOperatorPage();
  const { sessionId } = await params;
  return { title: `${(await getTranslations("admin.purchases"))("title")} · ${decoded(sessionId).slice(0, 80)}` };
}

export default async function PurchasePage({ params }: Props) {
  await requireOperatorPage();
  const [t, nameOf, { sessionId: given }] = await Promise.all([getTranslations("admin.purchases"), productNames(), params]);
  const sessionId = decoded(given);
  const timeline = isCheckoutSessionId(sessionId) ? await purchaseTimeline(sessionId) : null;
  const back = (
    <p>
      <Link href="/admin/purchases" className="text-link">
        {t("back")}
      </Link>
    </p>
  );

  if (!timeline) {
    return (
      <div className="card max-w-xl space-y-4">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t("notFoundTitle")}</h1>
        <p className="break-all text-slate-700">{isCheckoutSessionId(sessionId) ? t("notFound", { id: sessionId }) : t("badId", { id: sessionId.slice(0, 80) })}</p>
        {back}
      </div>
    );
  }

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        {back}
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{nameOf(timeline.purchase.productKey)}</h1>
        <p className="break-all font-mono text-sm text-slate-600">{timeline.purchase.checkoutSessionId}</p>
      </div>
      <PurchaseFacts purchase={timeline.purchase} />
      <Timeline timeline={timeline} />
    </div>
  );
}
