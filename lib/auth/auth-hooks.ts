import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { z } from "zod";
import { isLocale } from "@/lib/i18n/locales";
import { localeOfRequest } from "@/lib/i18n/negotiate";
import { countMailTo, isMailingPath } from "@/lib/auth/account-limits";
import { refuseUnstorableInput } from "@/lib/auth/auth-input";
import { isSupportReset, sendAddressInUseNotice } from "@/lib/auth/account-mail";
import { passwordProblem, WEAK_PASSWORD_CODE } from "@/lib/auth/password-policy";

// What the storefront adds around better-auth's endpoints, over HTTP and as auth().api.* alike:
// before them the checks of what may be stored (lib/auth/auth-input.ts), the password policy, a
// password where an account is changed for good, and the per-email limits; after them, roles kept
// out of sign-up's answer, the owner of an address told when someone asks to move another account
// to it, and the buyer's language remembered.

type AuthContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const signUpBody = z.object({ password: z.string(), email: z.string().optional(), name: z.string().optional() });
const newPasswordBody = z.object({ newPassword: z.string() });
const passwordBody = z.object({ password: z.string().min(1) });
const changeEmailBody = z.object({ newEmail: z.string(), password: z.string().min(1) });
const emailField = z.object({ email: z.email() });
const newEmailField = z.object({ newEmail: z.email() });

function refusal(code: string, message: string): APIError {
  return new APIError("BAD_REQUEST", { code, message });
}

// Every endpoint that sets a password (sign-up, change and reset password, and the server-only
// set-password) goes through this. A malformed body is let through for better-auth to refuse
// with its own validation error.
async function refuseGuessablePasswords(ctx: AuthContext): Promise<void> {
  let password: string;
  let owner: { email?: string | undefined; name?: string | undefined };
  if (ctx.path === "/sign-up/email") {
    const parsed = signUpBody.safeParse(ctx.body);
    if (!parsed.success) return;
    ({ password, ...owner } = parsed.data);
  } else {
    const parsed = newPasswordBody.safeParse(ctx.body);
    if (!parsed.success) return;
    password = parsed.data.newPassword;
    owner = { email: (await getSessionFromCtx(ctx))?.user.email };
  }
  const problem = await passwordProblem(password, owner);
  if (problem) throw refusal(WEAK_PASSWORD_CODE, problem);
}

// Deleting the account and moving it to another address are for good: better-auth would do
// either on a session alone (deletion within a day of signing in), so a stolen session cookie
// could. Both ask for the password.
async function requireCurrentPassword(ctx: AuthContext): Promise<void> {
  if (ctx.path === "/delete-user" && !passwordBody.safeParse(ctx.body).success) {
    throw refusal("PASSWORD_REQUIRED", "Enter your password to delete your account.");
  }
  if (ctx.path !== "/change-email") return;
  const session = await getSessionFromCtx(ctx);
  if (!session) return;
  const parsed = changeEmailBody.safeParse(ctx.body);
  if (!parsed.success) throw refusal("PASSWORD_REQUIRED", "Enter your password to change your email address.");
  const account = await ctx.context.internalAdapter.findCredentialAccount(session.user.id);
  const matches = account?.password ? await ctx.context.password.verify({ hash: account.password, password: parsed.data.password }) : false;
  if (!matches) throw refusal("INVALID_PASSWORD", "Invalid password");
  if (parsed.data.newEmail.trim().toLowerCase() === session.user.email.toLowerCase()) {
    throw refusal("SAME_EMAIL", "That is already your email address.");
  }
}

/** The address a mailing endpoint will write to, when the body names a valid one. */
function mailedAddress(ctx: AuthContext): string | undefined {
  if (ctx.path === "/change-email") {
    const parsed = newEmailField.safeParse(ctx.body);
    return parsed.success ? parsed.data.newEmail : undefined;
  }
  const parsed = emailField.safeParse(ctx.body);
  return parsed.success ? parsed.data.email : undefined;
}

async function limitMailPerEmail(ctx: AuthContext): Promise<void> {
  if (!isMailingPath(ctx.path)) return;
  // A reset link the support team sends is recorded in the audit log instead.
  if (ctx.path === "/request-password-reset" && isSupportReset()) return;
  const address = mailedAddress(ctx);
  if (address) await countMailTo(ctx.path, address);
}

export const beforeAuthEndpoint = createAuthMiddleware(async (ctx) => {
  refuseUnstorableInput(ctx);
  await refuseGuessablePasswords(ctx);
  await requireCurrentPassword(ctx);
  await limitMailPerEmail(ctx);
});

function succeeded(ctx: AuthContext): boolean {
  const returned: unknown = ctx.context.returned;
  return typeof returned === "object" && returned !== null && !(returned instanceof APIError) && !(returned instanceof Error);
}

// better-auth answers a move to an address that has an account exactly as any other, and sends
// nothing: the address's owner is told here instead.
async function noticeAddressInUse(ctx: AuthContext): Promise<void> {
  if (ctx.path !== "/change-email" || !succeeded(ctx)) return;
  const address = mailedAddress(ctx);
  const session = await getSessionFromCtx(ctx);
  if (!address || !session) return;
  const owner = await ctx.context.internalAdapter.findUserByEmail(address.toLowerCase());
  if (owner && owner.user.id !== session.user.id) sendAddressInUseNotice(owner.user, ctx.request);
}

// The language of the browser a buyer signs in from: mail sent without a request of theirs uses it.
async function rememberLocale(ctx: AuthContext): Promise<void> {
  if (ctx.path !== "/sign-in/email" || !ctx.request) return;
  const user: { id: string; locale?: unknown } | undefined = ctx.context.newSession?.user;
  if (!user) return;
  const locale = localeOfRequest(ctx.request);
  if (!isLocale(user.locale) || user.locale !== locale) await ctx.context.internalAdapter.updateUser(user.id, { locale });
}

// The admin plugin gives a new user a role, but better-auth's stand-in answer for an email already
// taken has none; left in, the role field would tell the two apart (and name a seeded operator).
const ROLE_FIELDS = new Set(["role", "banned", "banReason", "banExpires"]);

function signUpAnswerWithoutRoles(ctx: AuthContext): object | undefined {
  if (ctx.path !== "/sign-up/email") return undefined;
  const returned: unknown = ctx.context.returned;
  if (typeof returned !== "object" || returned === null || !("user" in returned)) return undefined;
  const { user } = returned;
  if (typeof user !== "object" || user === null) return undefined;
  return { ...returned, user: Object.fromEntries(Object.entries(user).filter(([key]) => !ROLE_FIELDS.has(key))) };
}

export const afterAuthEndpoint = createAuthMiddleware(async (ctx) => {
  await noticeAddressInUse(ctx);
  await rememberLocale(ctx);
  const answer = signUpAnswerWithoutRoles(ctx);
  if (answer) return ctx.json(answer);
});
