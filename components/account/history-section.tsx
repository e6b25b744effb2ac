import type { ReactNode } from "react";

interface HistorySectionProps {
  id: string;
  title: string;
  /** Shown instead of the list when there is nothing in it. */
  empty: ReactNode;
  /** One <li> per entry. A list, not a table: each entry reads on its own, and a phone shows all of it without scrolling sideways. */
  items: ReactNode[];
}

export function HistorySection({ id, title, empty, items }: HistorySectionProps) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="card text-slate-600">{empty}</p>
      ) : (
        <ul aria-labelledby={headingId} className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
          {items}
        </ul>
      )}
    </section>
  );
}
