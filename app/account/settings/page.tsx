import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/session";
import { signedInDevices } from "@/lib/auth/sessions";
import { deviceViews, settingsTexts, verifyEmailNoticeTexts } from "@/lib/i18n/account-settings-texts";
import { ChangeEmailForm } from "@/components/account/settings/change-email-form";
import { ChangePasswordForm } from "@/components/account/settings/change-password-form";
import { DeleteAccountForm } from "@/components/account/settings/delete-account-form";
import { DevicesList } from "@/components/account/settings/devices-list";
import { VerifyEmailNotice } from "@/components/account/settings/verify-email-notice";

// Account settings: the email address (changed through a link to the new one), the password, the
// devices signed in, and deleting the account. Every change is one of better-auth's endpoints.

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts.settings"))("title") };
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="card space-y-4 p-5 sm:p-6">
      <h2 id={id} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function AccountSettingsPage() {
  const session = await currentSession();
  if (!session) redirect("/sign-in?next=%2Faccount%2Fsettings");
  const { user } = session;
  const [t, texts, devices] = await Promise.all([getTranslations("accounts.settings"), settingsTexts(), signedInDevices(await headers(), session.session.id)]);

  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <div className="space-y-2">
        <p>
          <Link href="/account" className="text-link">
            {t("back")}
          </Link>
        </p>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
      </div>
      <Section id="email-heading" title={t("emailHeading")}>
        <p className="break-words text-slate-700">
          {t("current", { email: user.email })} <span className="font-semibold">{user.emailVerified ? t("verified") : t("unverified")}</span>
        </p>
        {!user.emailVerified && <VerifyEmailNotice email={user.email} next="/account/settings" texts={await verifyEmailNoticeTexts(user.email)} />}
        <ChangeEmailForm current={user.email} texts={texts.email} />
      </Section>
      <Section id="password-heading" title={t("passwordHeading")}>
        <ChangePasswordForm texts={texts.password} />
      </Section>
      <Section id="sessions-heading" title={t("sessionsHeading")}>
        <DevicesList devices={await deviceViews(devices)} texts={texts.devices} />
      </Section>
      <Section id="delete-heading" title={t("deleteHeading")}>
        <DeleteAccountForm texts={texts.remove} />
      </Section>
    </div>
  );
}
