import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@/lib/config/env";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/locales";
import { localeOfRequest } from "@/lib/i18n/negotiate";
import type { MailKind } from "@/lib/mail/compose";
import { sendMail } from "@/lib/mail/outbox";

// The mail better-auth asks us to send, in the buyer's language: the request's when the buyer is
// the one asking (a reset, a verification link), else the one their account last used (a notice
// about their address, a reset link the store's support team sent from the console).
// Each callback only hands the message over (lib/mail/outbox.ts) and returns: better-auth calls
// them after its transaction has committed, and the answer never waits on the mail server.

interface AccountHolder {
  email: string;
  name: string;
  locale?: unknown;
}

const fromConsole = new AsyncLocalStorage<true>();

/** Runs `work` (better-auth's requestPasswordReset) as a reset the store's support team sends. */
export function asSupportReset<T>(work: () => Promise<T>): Promise<T> {
  return fromConsole.run(true, work);
}

export function isSupportReset(): boolean {
  return fromConsole.getStore() === true;
}

function storedLocale(holder: AccountHolder): Locale | undefined {
  return isLocale(holder.locale) ? holder.locale : undefined;
}

/** The language of the person asking, when a browser is asking. */
function askersLocale(request: Request | undefined): Locale | undefined {
  return request && (request.headers.has("cookie") || request.headers.has("accept-language")) ? localeOfRequest(request) : undefined;
}

/** The store's public address, for links to its pages (better-auth makes its own links). */
function storeUrl(path: string, request: Request | undefined): string {
  const base = env().APP_URL ?? process.env.BETTER_AUTH_URL ?? (request ? new URL(request.url).origin : "http://localhost:3000");
  return new URL(path, base).toString();
}

function send(kind: MailKind, to: string, locale: Locale, holder: AccountHolder, url: string, extra: { resetUrl?: string; byOperator?: boolean } = {}): void {
  sendMail({ kind, locale, to, facts: { name: holder.name, url, ...extra } });
}

/** better-auth's verification JWT: whether it confirms a new address (change email) rather than the first one. */
function confirmsNewAddress(token: string): boolean {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null && "updateTo" in payload && typeof payload.updateTo === "string";
  } catch {
    return false;
  }
}

/** emailVerification.sendVerificationEmail: the first address after sign-up, or a new one the buyer asked for. */
export async function sendVerificationEmail({ user, url, token }: { user: AccountHolder; url: string; token: string }, request?: Request): Promise<void> {
  const locale = askersLocale(request) ?? storedLocale(user) ?? defaultLocale;
  send(confirmsNewAddress(token) ? "changeEmail" : "verifyEmail", user.email, locale, user, url);
}

/** emailAndPassword.sendResetPassword: a single-use link, from the buyer's own request or the console. */
export async function sendResetPassword({ user, url }: { user: AccountHolder; url: string }, request?: Request): Promise<void> {
  const byOperator = isSupportReset();
  const locale = (byOperator ? storedLocale(user) : (askersLocale(request) ?? storedLocale(user))) ?? defaultLocale;
  send("resetPassword", user.email, locale, user, url, { byOperator });
}

/** emailAndPassword.onExistingUserSignUp: the address's owner hears of the attempt; the sign-up answer is the same as for a new email. */
export async function sendSignUpAttemptNotice({ user }: { user: AccountHolder }, request?: Request): Promise<void> {
  const locale = storedLocale(user) ?? askersLocale(request) ?? defaultLocale;
  send("signUpAttempt", user.email, locale, user, storeUrl("/sign-in", request), { resetUrl: storeUrl("/forgot-password", request) });
}

/** Someone asked to move another account to an address that already has one: its owner hears of it, nothing changes. */
export function sendAddressInUseNotice(owner: AccountHolder, request: Request | undefined): void {
  const locale = storedLocale(owner) ?? askersLocale(request) ?? defaultLocale;
  send("emailInUse", owner.email, locale, owner, storeUrl("/sign-in", request));
}
