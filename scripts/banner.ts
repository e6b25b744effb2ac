import path from "node:path";

// What the launcher prints once the app answers: where it is and what it runs on, in one place,
// instead of a line per step scattered among Next's output.

export interface Setup {
  appUrl: string;
  databaseUrl: string;
  /** Where the embedded database keeps its files; absent when DATABASE_URL names a server. */
  embeddedDir?: string;
  stripeKey: string;
  /** The offline sandbox the launcher started; absent when STRIPE_SECRET_KEY names a Stripe account. */
  sandboxUrl?: string;
  /** STRIPE_API_BASE, when a real key is sent somewhere other than api.stripe.com. */
  stripeApiBase?: string;
  /** Where account mail goes: the .eml folder, or SMTP_URL's host (lib/mail/mail-settings.ts). */
  mail: { folder: string } | { smtp: string };
}

/** Relative to the working directory when inside it, as the developer would type it. */
function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
}

/** Host, port and database name only: the URL's credentials must not reach a terminal or a CI log. */
function describeServer(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL)`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

/** The key's kind and mode with its last four characters: enough to tell two accounts apart, useless to a reader. */
function describeKey(key: string): string {
  const kind = /^(?:sk|rk)_(?:test|live)_/.exec(key)?.[0] ?? "";
  return `${kind}…${key.slice(-4)}`;
}

function isLiveKey(key: string): boolean {
  return /^(?:sk|rk)_live_/.test(key);
}

export function banner(setup: Setup): string {
  const database = setup.embeddedDir ? `embedded PGlite in ${shortPath(setup.embeddedDir)}` : describeServer(setup.databaseUrl);
  const live = isLiveKey(setup.stripeKey);
  const stripe = setup.sandboxUrl
    ? `offline Stripe sandbox at ${setup.sandboxUrl} (dashboard: ${setup.sandboxUrl}/_sandbox)`
    : `Stripe ${live ? "LIVE" : "test"} mode, key ${describeKey(setup.stripeKey)}${setup.stripeApiBase ? `, API at ${setup.stripeApiBase}` : ""}`;
  const rows: [string, string][] = [
    ["App", setup.appUrl],
    ["Database", database],
    ["Stripe", stripe],
    ["Mail", "folder" in setup.mail ? `written to ${shortPath(setup.mail.folder)}/ as .eml files (no SMTP_URL)` : `sent through ${setup.mail.smtp} (SMTP_URL)`],
  ];
  // Live mode declines test cards, so advertising one there would only mislead.
  if (!live) rows.push(["Test card", "4242 4242 4242 4242, any future date, any CVC"]);
  const lines = rows.map(([label, value]) => `  ${`${label}:`.padEnd(11)}${value}`);
  return ["", "  Storefront ready", ...lines, ""].join("\n");
}
