"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useErrorBoundaryTexts } from "@/components/use-error-boundary-texts";

interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

export default function ErrorPage({ error, reset }: ErrorPageProps) {
  const { t } = useErrorBoundaryTexts();
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="card mx-auto max-w-xl space-y-4 p-6 text-slate-700 sm:p-8">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t.title}</h1>
      <p>{t.body}</p>
      {error.digest && (
        <p className="text-sm text-slate-600">
          {t.reference} {error.digest}
        </p>
      )}
      <p className="flex flex-wrap gap-4">
        <button type="button" onClick={reset} className="button-primary">
          {t.tryAgain}
        </button>
        <Link href="/" className="button-secondary">
          {t.backToPricing}
        </Link>
      </p>
    </div>
  );
}
