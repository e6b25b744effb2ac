"use client";

import { useErrorBoundaryTexts } from "@/components/use-error-boundary-texts";
import "./globals.css";

// Only used when the root layout itself fails (e.g. the session lookup cannot reach the
// database), so it must render its own <html> and cannot rely on the header.
export default function GlobalError({ reset }: { reset: () => void }) {
  // The page's language while it was still shown; English when the very first render failed.
  const { locale, t } = useErrorBoundaryTexts();
  return (
    <html lang={locale}>
      <body>
        <main id="main" className="mx-auto max-w-xl px-4 py-16">
          <div role="alert" className="card space-y-4 p-8 text-slate-700">
            <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t.title}</h1>
            <p>{t.storeBody}</p>
            <p className="flex flex-wrap gap-4">
              <button type="button" onClick={reset} className="button-primary">
                {t.tryAgain}
              </button>
              {/* A plain link: a full load, since the client router may be what failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/" className="button-secondary">
                {t.backToPricing}
              </a>
            </p>
          </div>
        </main>
      </body>
    </html>
  );
}
