import { sql } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";

// Pages of a log kept newest first by (a time, id): the event log, the reconcile runs and the audit
// log. A page starts after (or before) one row, which the cursor names, so each page is one index
// range read however deep the operator goes, on a million rows as on ten. The cursor is opaque
// (base64url) but not trusted: only the exact form written here is accepted, anything else is a
// 400 and never reaches the database.

export interface PageCursor {
  /** "older": the rows after this one in the log (the next page); "newer": the rows before it. */
  direction: "older" | "newer";
  at: Date;
  id: string;
}

export interface Page<Row> {
  rows: Row[];
  /** The page before this one (newer rows), if there is one. */
  newer: string | null;
  /** The page after this one (older rows), if there is one. */
  older: string | null;
}

const FORM = /^([on])\.(\d{1,15})\.([A-Za-z0-9_-]{1,255})$/;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.direction === "older" ? "o" : "n"}.${cursor.at.getTime()}.${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor, or a 400 for anything this module did not write; no cursor is the first page. */
export function cursorParam(text: string | null | undefined): PageCursor | undefined {
  if (text === null || text === undefined || text === "") return undefined;
  const match = /^[A-Za-z0-9_-]{1,400}$/.test(text) ? FORM.exec(Buffer.from(text, "base64url").toString("utf8")) : null;
  const cursor: PageCursor | null = match?.[1] && match[2] && match[3] ? { direction: match[1] === "o" ? "older" : "newer", at: new Date(Number(match[2])), id: match[3] } : null;
  // Base64 decoding forgives stray characters; only the one spelling written here is accepted.
  if (!cursor || encodeCursor(cursor) !== text) throw new ApiError("invalid_request", "The page cursor is not one this console wrote; start again from the first page.");
  return cursor;
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
