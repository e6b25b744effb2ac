"use server";

import { cookies } from "next/headers";
import { isLocale, localeCookie } from "@/lib/i18n/locales";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The header's language switch: remembered in a cookie for a year. A form post, so it works before
 * (or without) the page's script; setting a cookie in a server action renders the page again.
 */
export async function chooseLocale(form: FormData): Promise<void> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(localeCookie, locale, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "lax" });
}
