import Link from "next/link";
import type { ReactNode } from "react";

/** A short page that tells the visitor one thing and sends them back to the pricing grid. */
export function MessagePage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="card mx-auto max-w-xl space-y-4 p-8 text-slate-700">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
      {children}
      <p>
        <Link href="/" className="button-primary">
          Back to pricing
        </Link>
      </p>
    </div>
  );
}
