import { getTranslations } from "next-intl/server";
import type { SignInTexts } from "@/components/auth/sign-in-form";
import type { SignUpTexts } from "@/components/auth/sign-up-form";
import { errorTexts } from "@/lib/i18n/error-texts";

// The account forms' words, made on the server in the buyer's language and passed as props.

export async function signInTexts(): Promise<SignInTexts> {
  const [t, errors] = await Promise.all([getTranslations("auth"), errorTexts()]);
  return {
    email: t("email"),
    password: t("password"),
    signIn: t("signIn"),
    signingIn: t("signingIn"),
    newHere: t("newHere"),
    createAnAccount: t("createAnAccount"),
    errors,
  };
}

export async function signUpTexts(): Promise<SignUpTexts> {
  const [t, errors] = await Promise.all([getTranslations("auth"), errorTexts()]);
  return {
    name: t("name"),
    email: t("email"),
    password: t("password"),
    passwordHint: t("passwordHint"),
    createAccount: t("createAccount"),
    creatingAccount: t("creatingAccount"),
    alreadyRegistered: t("alreadyRegistered"),
    haveAccount: t("haveAccount"),
    neutralFailure: t("neutralSignUpFailure"),
    errors,
  };
}
