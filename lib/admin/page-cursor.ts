import { ApiError } from "@/lib/http/api-error";

// Every console list is kept newest first by (a time, id): purchases, the event log, reconcile
// runs, the audit log. A page starts after (or before) one row, which the cursor names, so each
// page is one index range read however deep the operator goes. The cursor is opaque (base64url)
// but not trusted: only the exact form written here is accepted, so a garbled or hand-made one is
// refused with a clear error and never reaches the database. A well-formed cursor naming another
// position only moves the page there, which tells an operator nothing new.

export interface PageCursor {
  /** "older": the rows after this one in the list (the next page); "newer": the rows before it. */
  direction: "older" | "newer";
  at: Date;
  id: string;
}

const FORM = /^([on])\.(\d{1,15})\.([A-Za-z0-9_-]{1,255})$/;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.direction === "older" ? "o" : "n"}.${cursor.at.getTime()}.${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor's row, or null for anything this module did not write. */
export function decodeCursor(text: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  const match = FORM.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const cursor: PageCursor = { direction: match[1] === "o" ? "older" : "newer", at: new Date(Number(match[2])), id: match[3] };
  // Base64 decoding forgives stray characters; only the one spelling written here is accepted.
  return encodeCursor(cursor) === text ? cursor : null;
}

/** The cursor, or a 400 for anything this module did not write; no cursor is the first page. */
export function cursorParam(text: string | null | undefined): PageCursor | undefined {
  if (text === null || text === undefined || text === "") return undefined;
  const cursor = decodeCursor(text);
  if (!cursor) throw new ApiError("invalid_request", "The page cursor is not one this console wrote; start again from the first page.");
  return cursor;
}

/** A console page's `?cursor=`: undefined for the first page, null for one this module did not write. */
export function pageCursorParam(value: string | string[] | undefined): PageCursor | null | undefined {
  return typeof value === "string" && value !== "" ? decodeCursor(value) : undefined;
}
