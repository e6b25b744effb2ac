import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** "Newer" and "Older" links of a console log; `href` builds a page's address from its cursor. */
export async function PageLinks({ label, newer, older, href }: { label: string; newer: string | null; older: string | null; href: (cursor: string) => string }) {
  if (!newer && !older) return null;
  const t = await getTranslations("admin.common");
  return (
    <nav aria-label={label} className="flex flex-wrap justify-between gap-3">
      {newer ? (
        <Link href={href(newer)} className="button-secondary" rel="prev">
          {t("previousPage")}
        </Link>
      ) : (
        <span />
      )}
      {older && (
        <Link href={href(older)} className="button-secondary" rel="next">
          {t("nextPage")}
        </Link>
      )}
    </nav>
  );
}
