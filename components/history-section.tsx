import type { ReactNode } from "react";

interface HistorySectionProps {
  id: string;
  title: string;
  columns: readonly string[];
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  rows: ReactNode[];
}

export function HistorySection({ id, title, columns, empty, rows }: HistorySectionProps) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="card text-slate-600">{empty}</p>
      ) : (
        <div className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
          <table aria-labelledby={headingId} className="w-full min-w-[36rem] text-left text-sm">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col" className="px-4 py-3 font-semibold">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 text-slate-800">{rows}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
