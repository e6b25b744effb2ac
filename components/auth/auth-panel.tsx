import type { ReactNode } from "react";

export function AuthPanel({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="card mx-auto w-full max-w-md p-6 sm:p-8">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
      <p className="mt-2 mb-6 text-sm text-slate-600">{intro}</p>
      {children}
    </div>
  );
}
