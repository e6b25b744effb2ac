"use client";

import Link from "next/link";
import { useEffect } from "react";

interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

export default function ErrorPage({ error, reset }: ErrorPageProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="card mx-auto max-w-xl space-y-4 p-8 text-slate-700">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Something went wrong</h1>
      <p>This page could not be loaded. Nothing was charged by this error. Please try again in a moment.</p>
      {error.digest && <p className="text-sm text-slate-600">Reference: {error.digest}</p>}
      <p className="flex flex-wrap gap-4">
        <button type="button" onClick={reset} className="button-primary">
          Try again
        </button>
        <Link href="/" className="button-secondary">
          Back to pricing
        </Link>
      </p>
    </div>
  );
}
