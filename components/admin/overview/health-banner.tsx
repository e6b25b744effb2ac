import Link from "next/link";
import { getLocale } from "next-intl/server";
import type { HealthFinding } from "@/lib/admin/overview/payment-health";
import { ageText, overviewTexts, type OverviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDateTime } from "@/components/format";
import type { Locale } from "@/lib/i18n/locales";
import { healthFigures } from "@/components/admin/overview/figures";

// The overview's first line: payments are healthy, or what needs the owner, each with a link to
// where it is dealt with.

function findingText(t: OverviewTexts, locale: Locale, finding: HealthFinding): { text: string; link?: { href: string; label: string } } {
  switch (finding.kind) {
    case "failed_events":
      return { text: t("health.failedEvents", { count: finding.count }), link: { href: "/admin/events", label: t("health.toEvents") } };
    case "stuck_event":
      return {
        text: t("health.stuckEvent", { eventId: finding.eventId, age: ageText(t, finding.ageSeconds), failed: String(finding.failed) }),
        link: { href: "/admin/events", label: t("health.toEvents") },
      };
    case "no_events":
      return { text: finding.lastReceivedAt ? t("health.noEvents", { since: formatDateTime(locale, finding.lastReceivedAt) }) : t("health.noEventsEver") };
    case "reconcile_drift":
      return { text: t("health.reconcileDrift", { drift: finding.drift, errors: finding.errors }), link: { href: "/admin/reconcile", label: t("health.toReconcile") } };
    case "open_disputes":
      return { text: t("health.openDisputes", { count: finding.count }), link: { href: "#open-disputes", label: t("health.toDisputes") } };
  }
}

function Findings({ t, locale, findings, className }: { t: OverviewTexts; locale: Locale; findings: HealthFinding[]; className: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className={`mt-3 list-disc space-y-2 pl-5 ${className}`}>
      {findings.map((finding) => {
        const { text, link } = findingText(t, locale, finding);
        return (
          <li key={finding.kind} className="break-words">
            {text}{" "}
            {link && (
              <Link href={link.href} className="text-link whitespace-nowrap">
                {link.label}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export async function HealthBanner() {
  const [t, locale, health] = await Promise.all([overviewTexts(), getLocale(), healthFigures()]);
  const tone = health.healthy ? "border-emerald-300 bg-emerald-50 text-emerald-950" : "border-amber-400 bg-amber-50 text-amber-950";
  return (
    <section aria-labelledby="payment-health-heading" className={`rounded-2xl border p-6 shadow-sm ${tone}`}>
      <h2 id="payment-health-heading" className="text-xl font-semibold">
        {t("health.heading")}
      </h2>
      <p className="mt-2 font-semibold">{health.healthy ? t("health.healthy") : t("health.unhealthy")}</p>
      <Findings t={t} locale={locale} findings={health.problems} className="font-medium" />
      <Findings t={t} locale={locale} findings={health.notices} className="" />
    </section>
  );
}
