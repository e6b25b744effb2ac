import type { ReactNode } from "react";

interface ProductGroupProps {
  /** For the heading's id, which must not depend on the language. */
  id: string;
  title: string;
  /** Column count on wide screens; phones always get one column. */
  columns: "lg:grid-cols-3" | "lg:grid-cols-4";
  children: ReactNode;
}

export function ProductGroup({ id, title, columns, children }: ProductGroupProps) {
  const headingId = `group-${id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="mb-5 text-2xl font-semibold text-slate-900">
        {title}
      </h2>
      <div className={`grid grid-cols-1 gap-6 sm:grid-cols-2 ${columns}`}>{children}</div>
    </section>
  );
}
