import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { resetPasswordTexts } from "@/lib/i18n/auth-texts";
import { AuthPanel } from "@/components/auth/auth-panel";
import { DeadResetLink, ResetPasswordForm } from "@/components/auth/reset-password-form";

// Where a mailed reset link lands, through better-auth's check of the token: `?token=` while it
// is good, `?error=INVALID_TOKEN` once it is used or older than an hour.

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.reset"))("title") };
}

export default async function ResetPasswordPage({ searchParams }: Props) {
  const [t, texts, query] = await Promise.all([getTranslations("accounts.reset"), resetPasswordTexts(), searchParams]);
  const token = typeof query.token === "string" && query.error === undefined ? query.token : undefined;
  return (
    <AuthPanel title={t("title")} intro={t("intro")}>
      {token ? <ResetPasswordForm token={token} texts={texts} /> : <DeadResetLink texts={texts} />}
    </AuthPanel>
  );
}
