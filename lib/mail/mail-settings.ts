import path from "node:path";
import { env } from "@/lib/config/env";

// Where mail goes. With SMTP_URL it is sent; without it (`npm run dev`, the demo, the tests) each
// message is written as an .eml file a developer opens in any mail program, and the end-to-end
// tests read links from. Production refuses to start without SMTP_URL (lib/config/production-guard.ts).

export type MailRoute = { kind: "smtp"; url: string } | { kind: "files"; directory: string };

/** The folder dev mail is written to: `mail/` in the launcher's data folder. */
export function mailDirectory(dataDir = process.env.STOREFRONT_DATA_DIR): string {
  return path.resolve(dataDir ?? ".data", "mail");
}

export function mailRoute(): MailRoute {
  const url = env().SMTP_URL;
  return url ? { kind: "smtp", url } : { kind: "files", directory: mailDirectory() };
}

/** MAIL_FROM, else a no-reply address at the app's own host, under the store's name. */
export function senderAddress(storeName: string): string {
  const configured = env().MAIL_FROM;
  if (configured) return configured;
  const host = (() => {
    try {
      return new URL(process.env.BETTER_AUTH_URL ?? "http://localhost").hostname;
    } catch {
      return "localhost";
    }
  })();
  return `"${storeName.replace(/"/g, "")}" <no-reply@${host}>`;
}

/** An SMTP URL as a terminal may show it: host and port, never the credentials. */
export function describeSmtp(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "SMTP (SMTP_URL)";
  }
}
