import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const [header, meta] = await Promise.all([getTranslations("header"), getTranslations("meta")]);
  return {
    title: { default: header("brand"), template: `%s · ${header("brand")}` },
    description: meta("description"),
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: proxy.ts gives each response a new CSP nonce, and a page
  // prerendered at build time would carry scripts without it, which the browser would refuse.
  await connection();
  const [locale, t] = await Promise.all([getLocale(), getTranslations("header")]);
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only rounded-md bg-white font-semibold text-indigo-800 shadow focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:px-4 focus:py-2"
        >
          {t("skipToContent")}
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1} className="outline-none mx-auto w-full max-w-6xl flex-1 px-4 py-10 sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
