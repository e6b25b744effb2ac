"use client";

import "./globals.css";

// Only used when the root layout itself fails (e.g. the session lookup cannot reach the
// database), so it must render its own <html> and cannot rely on the header.
export default function GlobalError({ reset }: { reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="mx-auto max-w-xl px-4 py-16">
          <div role="alert" className="card space-y-4 p-8 text-slate-700">
            <h1 className="text-2xl font-bold tracking-tight text-slate-900">Something went wrong</h1>
            <p>The store could not be loaded. Please try again in a moment.</p>
            <p className="flex flex-wrap gap-4">
              <button type="button" onClick={reset} className="button-primary">
                Try again
              </button>
              {/* A plain link: a full load, since the client router may be what failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/" className="button-secondary">
                Back to pricing
              </a>
            </p>
          </div>
        </main>
      </body>
    </html>
  );
}
