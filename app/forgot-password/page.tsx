import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { forgotPasswordTexts } from "@/lib/i18n/auth-texts";
import { AuthPanel } from "@/components/auth/auth-panel";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.forgot"))("title") };
}

export default async function ForgotPasswordPage() {
  const [t, texts] = await Promise.all([getTranslations("accounts.forgot"), forgotPasswordTexts()]);
  return (
    <AuthPanel title={t("title")} intro={t("intro")}>
      <ForgotPasswordForm texts={texts} />
    </AuthPanel>
  );
}
