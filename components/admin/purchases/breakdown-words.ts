import { getTranslations } from "next-intl/server";
import type { BreakdownWords } from "@/components/paid-breakdown";

/** The console's words for a purchase's amounts (components/paid-breakdown.tsx), in its language. */
export async function consoleBreakdownWords(): Promise<BreakdownWords> {
  const t = await getTranslations("admin.purchases");
  return {
    subtotal: t("subtotal"),
    discount: (code) => (code ? t("discountWithCode", { code }) : t("discount")),
    tax: t("tax"),
    total: t("totalPaid"),
  };
}
