"use client";

import { useSyncExternalStore } from "react";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/locales";
import errorBoundaryTexts from "@/lib/i18n/messages/error-boundary.json";

// Error boundaries are client components with no props from the server, so they carry their few
// words in both languages and read the language off <html lang>, which the layout set.

const never = () => () => {};

function usePageLocale(): Locale {
  const lang = useSyncExternalStore(never, () => document.documentElement.lang, () => defaultLocale);
  return isLocale(lang) ? lang : defaultLocale;
}

export function useErrorBoundaryTexts(): { locale: Locale; t: (typeof errorBoundaryTexts)[Locale] } {
  const locale = usePageLocale();
  return { locale, t: errorBoundaryTexts[locale] };
}
