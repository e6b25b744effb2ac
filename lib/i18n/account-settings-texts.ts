import { getLocale, getTranslations } from "next-intl/server";
import type { SignedInDevice } from "@/lib/auth/sessions";
import { accountErrorTexts } from "@/lib/i18n/auth-texts";
import { formatDateTime } from "@/components/format";
import type { ChangeEmailTexts } from "@/components/account/settings/change-email-form";
import type { ChangePasswordTexts } from "@/components/account/settings/change-password-form";
import type { DeleteAccountTexts } from "@/components/account/settings/delete-account-form";
import { deviceName } from "@/components/account/settings/device-name";
import type { DevicesTexts, DeviceView } from "@/components/account/settings/devices-list";
import type { VerifyEmailNoticeTexts } from "@/components/account/settings/verify-email-notice";

// The account settings' words, made on the server in the buyer's language and passed as props.

export async function verifyEmailNoticeTexts(email: string): Promise<VerifyEmailNoticeTexts> {
  const [t, errors] = await Promise.all([getTranslations("accounts.notice"), accountErrorTexts()]);
  return { message: t("unverified", { email }), resend: t("resend"), working: t("resending"), sent: t("resent"), errors };
}

export async function settingsTexts(): Promise<{ email: ChangeEmailTexts; password: ChangePasswordTexts; devices: DevicesTexts; remove: DeleteAccountTexts }> {
  const [t, errors] = await Promise.all([getTranslations("accounts.settings"), accountErrorTexts()]);
  return {
    email: {
      heading: t("emailHeading"),
      newEmail: t("newEmail"),
      password: t("password"),
      submit: t("changeEmail"),
      working: t("changingEmail"),
      sent: t.raw("emailSent") as string,
      errors,
    },
    password: {
      heading: t("passwordHeading"),
      currentPassword: t("currentPassword"),
      newPassword: t("newPassword"),
      hint: t("passwordHint"),
      submit: t("changePassword"),
      working: t("changingPassword"),
      done: t("passwordChanged"),
      errors,
    },
    devices: {
      heading: t("sessionsHeading"),
      thisDevice: t("thisDevice"),
      signOut: t("signOutDevice"),
      signOutOthers: t("signOutOthers"),
      working: t("signingOut"),
      noOthers: t("noOthers"),
      errors,
    },
    remove: { heading: t("deleteHeading"), warning: t("deleteWarning"), password: t("deletePassword"), submit: t("deleteAccount"), working: t("deleting"), errors },
  };
}

export async function deviceViews(devices: SignedInDevice[]): Promise<DeviceView[]> {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("accounts.settings")]);
  return devices.map((device) => {
    const signedIn = t("signedInOn", { date: formatDateTime(locale, device.createdAt.toISOString()) });
    return {
      id: device.id,
      current: device.current,
      name: deviceName(device.userAgent) ?? t("unknownDevice"),
      detail: device.ipAddress ? `${signedIn} · ${t("from", { address: device.ipAddress })}` : signedIn,
    };
  });
}
