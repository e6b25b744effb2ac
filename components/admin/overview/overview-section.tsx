import type { ReactNode } from "react";

/** One titled part of the overview; `id` is also its anchor (the health line links to #open-disputes). */
export function OverviewSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="space-y-4">
      <h2 id={`${id}-heading`} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}
