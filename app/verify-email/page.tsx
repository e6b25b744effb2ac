import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/components/auth/safe-next-path";
import { AuthPanel } from "@/components/auth/auth-panel";

// Where a mailed confirmation link lands once better-auth has checked it. Confirmed (and signed
// in): straight on to where the buyer was going (`next`, kept on this site), where the account
// page no longer asks them to confirm. Otherwise `?error=`: a link that is forged, older than a
// day, or for an account gone since, and the way to a new one.

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.verify"))("deadTitle") };
}

export default async function VerifyEmailPage({ searchParams }: Props) {
  const [t, query] = await Promise.all([getTranslations("accounts.verify"), searchParams]);
  if (query.error === undefined) redirect(safeNextPath(query.next));
  return (
    <AuthPanel title={t("deadTitle")} intro={t("dead")}>
      <Link href="/sign-in?next=%2Faccount" className="button-primary">
        {t("signIn")}
      </Link>
    </AuthPanel>
  );
}
