import { sql } from "@/lib/db";
import { encodeCursor, type PageCursor } from "@/lib/admin/page-cursor";

// Pages of a log kept newest first by (a time, id): the event log, the reconcile runs and the audit
// log, each page one index range read however deep the operator goes (lib/admin/page-cursor.ts).

export interface Page<Row> {
  rows: Row[];
  /** The page before this one (newer rows), if there is one. */
  newer: string | null;
  /** The page after this one (older rows), if there is one. */
  older: string | null;
}

export interface KeysetQuery {
  /** The select list and table, e.g. `id, type FROM stripe_event` (from code, never from input). */
  from: string;
  /** The time column the log is ordered by, quoted as SQL needs it. */
  time: string;
  /** Filters as SQL with $n placeholders numbered from 1, and their values. */
  where: string[];
  values: unknown[];
  cursor: PageCursor | undefined;
  size: number;
}

/** One page of rows newest first, with the cursors of the pages on either side. */
export async function keysetPage<Row extends { id: string }>(query: KeysetQuery, timeOf: (row: Row) => Date): Promise<Page<Row>> {
  const { cursor, time, size } = query;
  const newer = cursor?.direction === "newer";
  const where = [...query.where];
  const values = [...query.values];
  if (cursor) {
    // The time bound alone is what an index on the time column can range over; the id breaks ties.
    const [at, id] = [`$${values.length + 1}::timestamp`, `$${values.length + 2}`];
    where.push(newer ? `${time} >= ${at} AND (${time} > ${at} OR id > ${id})` : `${time} <= ${at} AND (${time} < ${at} OR id < ${id})`);
    values.push(cursor.at.toISOString(), cursor.id);
  }
  const order = newer ? "ASC" : "DESC";
  const fetched = await sql<Row>(
    `SELECT ${query.from}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${time} ${order}, id ${order} LIMIT ${size + 1}`,
    values,
  );
  const more = fetched.length > size;
  const rows = fetched.slice(0, size);
  if (newer) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const at = (direction: PageCursor["direction"], row: Row | undefined) => (row ? encodeCursor({ direction, at: timeOf(row), id: row.id }) : null);
  return {
    rows,
    newer: newer ? (more ? at("newer", first) : null) : cursor ? at("newer", first) : null,
    older: newer ? at("older", last) : more ? at("older", last) : null,
  };
}
