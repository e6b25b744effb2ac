import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { EventState, PurchaseTimeline, TimelineItem } from "@/lib/admin/purchases/timeline";
import type { Locale } from "@/lib/i18n/locales";
import { productNames } from "@/lib/i18n/product-texts";
import { formatCoinChange } from "@/components/format";
import { formatMoment } from "@/components/admin/purchases/moment";
import { StripeLink } from "@/components/admin/purchases/stripe-link";

const stateStyle: Record<EventState, string> = {
  processed: "bg-emerald-100 text-emerald-900",
  duplicate: "bg-slate-100 text-slate-800",
  ignored: "bg-slate-100 text-slate-800",
  failed: "bg-red-100 text-red-900",
  in_progress: "bg-amber-100 text-amber-900",
};

type Translate = Awaited<ReturnType<typeof getTranslations<"admin.purchases">>>;

interface Shown {
  title: ReactNode;
  details: ReactNode[];
  /** What the Stripe link is to, for screen readers. */
  about: string;
}

const code = (text: string) => <code className="break-all text-sm">{text}</code>;
const json = (value: unknown) => (value === null || value === undefined ? "—" : JSON.stringify(value));

function shown(item: TimelineItem, t: Translate, nameOf: (key: string) => string, locale: Locale): Shown {
  const when = (iso: string) => formatMoment(locale, iso);
  switch (item.kind) {
    case "session_created":
      return { title: t("items.session_created"), details: [code(item.id)], about: item.id };
    case "delivered":
      return { title: t("items.delivered"), details: [], about: "" };
    case "event":
      return {
        title: (
          <span className="flex flex-wrap items-center gap-2">
            <span>{t("items.event", { type: item.type })}</span>
            <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${stateStyle[item.state]}`}>{t(`eventStates.${item.state}`)}</span>
          </span>
        ),
        details: [
          code(item.id),
          item.objectId && t("object", { id: item.objectId }),
          item.outcome && item.state === "ignored" && t("outcomeText", { outcome: item.outcome }),
          t("attempts", { count: item.attempts }),
          item.durationMs !== null && t("took", { ms: item.durationMs }),
          item.lastError && t("lastError", { error: item.lastError }),
        ],
        about: item.id,
      };
    case "ledger":
      return {
        title: t("items.ledger", { delta: formatCoinChange(locale, item.delta), reason: t(`ledgerReasons.${item.reason}`) }),
        details: [t("source", { id: item.sourceId })],
        about: item.sourceId,
      };
    case "dispute_opened":
    case "dispute_closed":
      return {
        title: t(`items.${item.kind}`),
        details: [code(item.id), t("disputeStatus", { status: item.status }), item.kind === "dispute_opened" && t("coinsHeld", { count: item.coinsHeld })],
        about: item.id,
      };
    case "plan":
      return {
        title: t("items.plan", { tier: nameOf(item.tier), status: t(`planStatuses.${item.status}`) }),
        details: [
          item.subscriptionStatus && t("subscriptionStatus", { status: item.subscriptionStatus }),
          item.currentPeriodEnd && t("periodEnd", { when: when(item.currentPeriodEnd) }),
          item.cancelAtPeriodEnd && t("cancelAtPeriodEnd"),
          item.scheduledTier && t("scheduledTier", { tier: nameOf(item.scheduledTier) }),
        ],
        about: nameOf(item.tier),
      };
    case "operator_action":
      return {
        title: t("items.operator_action", { action: item.action }),
        details: [t("by", { email: item.actorEmail }), t("reason", { reason: item.reason }), t("change", { before: json(item.before), after: json(item.after) })],
        about: item.action,
      };
  }
}

export async function Timeline({ timeline }: { timeline: PurchaseTimeline }) {
  const [locale, t, nameOf] = await Promise.all([getLocale(), getTranslations("admin.purchases"), productNames()]);
  const when = (iso: string) => formatMoment(locale, iso);
  return (
    <section aria-labelledby="purchase-timeline-heading" className="space-y-4">
      <h2 id="purchase-timeline-heading" className="text-xl font-semibold text-slate-900">
        {t("timeline")}
      </h2>
      {timeline.chargeUnread && <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">{t("chargeUnread")}</p>}
      {timeline.eventsTruncated && <p className="text-sm text-slate-600">{t("eventsTruncated")}</p>}
      <ol aria-labelledby="purchase-timeline-heading" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
        {timeline.items.map((item, index) => {
          const { title, details, about } = shown(item, t, nameOf, locale);
          return (
            <li key={index} className="space-y-1 px-4 py-3">
              <p className="text-slate-600">
                <time dateTime={item.at}>{when(item.at)}</time>
              </p>
              <div className="font-medium text-slate-900">{title}</div>
              {details.filter(Boolean).length > 0 && (
                <ul className="flex flex-wrap gap-x-4 gap-y-1 text-slate-700">
                  {details.filter(Boolean).map((detail, at) => (
                    <li key={at} className="min-w-0 break-words">
                      {detail}
                    </li>
                  ))}
                </ul>
              )}
              <StripeLink href={item.link} about={about} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
