// The overview counts in UTC days, whatever the server's or the owner's time zone, so two
// operators in different countries read the same figures. Timestamps are stored as UTC without a
// zone (lib/db.ts), so they are sent as ISO strings: PostgreSQL drops the trailing Z when it casts
// one to `timestamp`, which leaves the UTC clock reading; a Date would be sent in the process's
// local zone instead.

const DAY_MS = 86_400_000;

/** 00:00 UTC of the day `daysBack` days before the one `at` falls on. */
export function startOfUtcDay(at: Date, daysBack = 0): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS - daysBack * DAY_MS);
}

/** A moment as a statement parameter for a `timestamp` column (see above). */
export function utcParameter(at: Date): string {
  return at.toISOString();
}

/** A timestamp column read back (already a UTC Date, lib/db.ts) as an ISO string for pages. */
export function isoOrNull(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}
