import { getLocale, getTranslations } from "next-intl/server";
import type { ErrorTexts } from "@/components/api-client";
import type { SignInTexts } from "@/components/auth/sign-in-form";
import type { SignUpTexts } from "@/components/auth/sign-up-form";
import type { ForgotPasswordTexts } from "@/components/auth/forgot-password-form";
import type { ResetPasswordTexts } from "@/components/auth/reset-password-form";
import { errorTexts } from "@/lib/i18n/error-texts";

// The account forms' words, made on the server in the buyer's language and passed as props.

const ACCOUNT_CODES = ["wrong_password", "password_required", "invalid_token", "invalid_email", "same_email"] as const;

/** The API's error words plus the account endpoints' own codes (lib/auth/auth-error-shape.ts). */
export async function accountErrorTexts(): Promise<ErrorTexts> {
  const [locale, errors, t] = await Promise.all([getLocale(), errorTexts(), getTranslations("accounts.errors")]);
  if (locale === "en") return errors;
  return { ...errors, byCode: { ...errors.byCode, ...Object.fromEntries(ACCOUNT_CODES.map((code) => [code, t(code)])) } };
}

export async function signInTexts(): Promise<SignInTexts> {
  const [t, signUp, errors] = await Promise.all([getTranslations("auth"), getTranslations("accounts.signUp"), accountErrorTexts()]);
  return {
    email: t("email"),
    password: t("password"),
    signIn: t("signIn"),
    signingIn: t("signingIn"),
    newHere: t("newHere"),
    createAnAccount: t("createAnAccount"),
    forgotPassword: signUp("forgotPassword"),
    errors,
  };
}

export async function signUpTexts(): Promise<SignUpTexts> {
  const [t, signUp, errors] = await Promise.all([getTranslations("auth"), getTranslations("accounts.signUp"), accountErrorTexts()]);
  return {
    name: t("name"),
    email: t("email"),
    password: t("password"),
    passwordHint: t("passwordHint"),
    createAccount: t("createAccount"),
    creatingAccount: t("creatingAccount"),
    alreadyRegistered: t("alreadyRegistered"),
    haveAccount: t("haveAccount"),
    checkInboxTitle: signUp("checkInboxTitle"),
    checkInbox: signUp.raw("checkInbox") as string,
    noMail: signUp("noMail"),
    forgotPassword: signUp("forgotPassword"),
    errors,
  };
}

export async function forgotPasswordTexts(): Promise<ForgotPasswordTexts> {
  const [t, auth, errors] = await Promise.all([getTranslations("accounts.forgot"), getTranslations("auth"), accountErrorTexts()]);
  return {
    email: auth("email"),
    submit: t("submit"),
    sending: t("sending"),
    sentTitle: t("sentTitle"),
    sent: t.raw("sent") as string,
    backToSignIn: t("backToSignIn"),
    errors,
  };
}

export async function resetPasswordTexts(): Promise<ResetPasswordTexts> {
  const [t, auth, errors] = await Promise.all([getTranslations("accounts.reset"), getTranslations("auth"), accountErrorTexts()]);
  return {
    newPassword: t("newPassword"),
    passwordHint: auth("passwordHint"),
    submit: t("submit"),
    saving: t("saving"),
    doneTitle: t("doneTitle"),
    done: t("done"),
    signIn: t("signIn"),
    deadTitle: t("deadTitle"),
    dead: t("dead"),
    askAgain: t("askAgain"),
    errors,
  };
}
