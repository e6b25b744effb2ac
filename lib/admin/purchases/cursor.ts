// A page of purchases starts after (or before) one row in the list's order, (createdAt DESC, id
// DESC): the cursor names that row. It is opaque to the operator (base64url), but not trusted: a
// cursor is accepted only if it decodes to exactly the form this module writes, so a garbled or
// hand-made one is refused with a clear error instead of reaching the database. A well-formed
// cursor naming some other position only moves the page there, which reveals nothing to an operator.

export interface PageCursor {
  /** "older": the rows after this one in the list (the next page); "newer": the rows before it. */
  direction: "older" | "newer";
  createdAt: Date;
  id: string;
}

const FORM = /^([on])\.(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.direction === "older" ? "o" : "n"}.${cursor.createdAt.getTime()}.${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor's row, or null for anything this module did not write. */
export function decodeCursor(text: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  const match = FORM.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const cursor: PageCursor = { direction: match[1] === "o" ? "older" : "newer", createdAt: new Date(Number(match[2])), id: match[3] };
  // Base64 decoding forgives stray characters; only the one spelling this module writes is accepted.
  return encodeCursor(cursor) === text ? cursor : null;
}
