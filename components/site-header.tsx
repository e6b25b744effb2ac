import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { currentUser } from "@/lib/auth/session";
import { LanguageSwitch } from "@/components/language-switch";
import { SignOutButton } from "@/components/auth/sign-out-button";

const navLinkClass = "rounded-md px-2 py-1 text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100 hover:text-slate-900";

// One row at every width down to 360 px: on phones the email and the Pricing link (the brand links
// there too) give way.
export async function SiteHeader() {
  const [user, t] = await Promise.all([currentUser(), getTranslations("header")]);

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex w-full max-w-6xl items-center justify-between gap-2 px-3 py-3 sm:gap-6 sm:px-6 sm:py-4">
        <Link href="/" className="text-base font-bold tracking-tight whitespace-nowrap text-slate-900 sm:text-lg">
          {t("brand")}
        </Link>
        <nav aria-label={t("navigation")} className="flex items-center gap-1 sm:gap-3">
          {user ? (
            <>
              <Link href="/" className={`${navLinkClass} hidden sm:inline`}>
                {t("pricing")}
              </Link>
              <Link href="/account" className={navLinkClass}>
                {t("account")}
              </Link>
              <span className="hidden max-w-[16rem] truncate text-sm text-slate-600 md:inline" title={user.email}>
                {user.email}
              </span>
              <LanguageSwitch />
              <SignOutButton label={t("signOut")} />
            </>
          ) : (
            <>
              <LanguageSwitch />
              <Link href="/sign-in" className={navLinkClass}>
                {t("signIn")}
              </Link>
              <Link href="/sign-up" className="button-primary min-h-9 px-3 py-1.5 whitespace-nowrap">
                {t("createAccount")}
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
