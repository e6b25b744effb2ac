import { getTranslations } from "next-intl/server";
import type { PricingAvailability } from "@/components/pricing/pricing-availability";

export async function PaymentsNotice({ availability }: { availability: PricingAvailability }) {
  if (availability.state === "ready") return null;
  const t = await getTranslations("pricing");
  const [text, hint] =
    availability.state === "not_configured" ? [t("notConfigured"), t("notConfiguredHint")] : [t("unavailable"), t("unavailableHint")];
  return (
    <div className="rounded-xl border border-amber-300 bg-amber-50 px-5 py-4 text-amber-950">
      <p className="font-semibold">{text}</p>
      <p className="mt-1 text-sm">{hint}</p>
    </div>
  );
}
