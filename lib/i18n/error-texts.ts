import { getLocale, getTranslations } from "next-intl/server";
import type { ErrorTexts } from "@/components/api-client";
import en from "@/lib/i18n/messages/en.json";

const apiErrorCodes = Object.keys(en.apiErrors) as (keyof typeof en.apiErrors)[];

/**
 * What client components show when a request fails, in this request's language. Passed to them as
 * a prop: the messages stay on the server and no i18n library ships to the browser.
 */
export async function errorTexts(): Promise<ErrorTexts> {
  const [locale, t, api] = await Promise.all([getLocale(), getTranslations("clientErrors"), getTranslations("apiErrors")]);
  return {
    network: t("network"),
    fallback: t("fallback"),
    unexpected: t("unexpected"),
    // The API speaks English, and its own message says more than a generic one for the code.
    byCode: locale === "en" ? {} : Object.fromEntries(apiErrorCodes.map((code) => [code, api(code)])),
  };
}
