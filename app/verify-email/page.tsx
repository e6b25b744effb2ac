import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { safeNextPath } from "@/components/auth/safe-next-path";
import { AuthPanel } from "@/components/auth/auth-panel";

// Where a mailed confirmation link lands once better-auth has checked it: confirmed (and signed
// in), or `?error=` for a link that is forged, older than a day or for an account gone since.

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const t = await getTranslations("accounts.verify");
  return { title: (await searchParams).error === undefined ? t("doneTitle") : t("deadTitle") };
}

export default async function VerifyEmailPage({ searchParams }: Props) {
  const [t, query] = await Promise.all([getTranslations("accounts.verify"), searchParams]);
  if (query.error !== undefined) {
    return (
      <AuthPanel title={t("deadTitle")} intro={t("dead")}>
        <Link href="/sign-in?next=%2Faccount" className="button-primary">
          {t("signIn")}
        </Link>
      </AuthPanel>
    );
  }
  return (
    <AuthPanel title={t("doneTitle")} intro={t("done")}>
      <Link href={safeNextPath(query.next)} className="button-primary">
        {t("continue")}
      </Link>
    </AuthPanel>
  );
}
