import { prismaAdapter } from "@better-auth/prisma-adapter";
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { defaultRoles } from "better-auth/plugins/admin/access";
import { db } from "@/lib/db";
import { isSeededOperator } from "@/lib/config/admin-emails";
import { localeOfRequest } from "@/lib/i18n/negotiate";
import { closeAccount } from "@/lib/auth/account-deletion";
import { PER_ADDRESS_RULES } from "@/lib/auth/account-limits";
import { sendResetPassword, sendSignUpAttemptNotice, sendVerificationEmail } from "@/lib/auth/account-mail";
import { afterAuthEndpoint, beforeAuthEndpoint } from "@/lib/auth/auth-hooks";
import { carriedThroughBetterAuth } from "@/lib/auth/auth-error-shape";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

// Email and password accounts through better-auth: it hashes passwords (scrypt), keeps sessions
// in our database and signs the session cookie. BETTER_AUTH_SECRET and BETTER_AUTH_URL come from
// the environment (better-auth reads them itself). Built on first use, because the Prisma adapter
// opens the database client and `next build` imports this module without one.
//
// Sign-up never tells whether an email is registered: it starts no session (autoSignIn off), it
// answers a taken email exactly as a new one, and either way a mail goes to the address, a
// verification link for a new account or, for an existing one, a note to its owner that someone
// tried. The buyer gets in through the link (it signs them in). An account whose address is not
// verified yet still signs in with its password and can buy; the account page asks to verify.
// Every link better-auth mails is its own: single-use, one-hour password resets that sign out
// every session, verification links that expire after a day.

// The one client address lib/http/front-door.ts writes over X-Forwarded-For at the socket.
const CLIENT_ADDRESS_HEADER = "x-forwarded-for";

const HOUR = 60 * 60;

/** better-auth admin plugin roles: the console is for "admin" only. */
export const OPERATOR_ROLE = "admin";
export const BUYER_ROLE = "user";
/**
 * What each role may do: the plugin's own access control, handed to the plugin and read by the
 * console's gate (lib/admin/operator.ts), so both decide alike without a call through the plugin's API.
 */
export const ROLE_PERMISSIONS = defaultRoles;

function createAuth() {
  const adminPlugin = admin({ defaultRole: BUYER_ROLE, adminRoles: [OPERATOR_ROLE], roles: ROLE_PERMISSIONS });
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      autoSignIn: false,
      requireEmailVerification: false,
      sendResetPassword,
      resetPasswordTokenExpiresIn: HOUR,
      revokeSessionsOnPasswordReset: true,
      onExistingUserSignUp: sendSignUpAttemptNotice,
    },
    emailVerification: { sendVerificationEmail, sendOnSignUp: true, autoSignInAfterVerification: true, expiresIn: 24 * HOUR },
    user: {
      // The language the buyer last used the store in: better-auth sets it, never a client.
      additionalFields: { locale: { type: "string", required: false, input: false, returned: false } },
      // Verified at the new address (lib/auth/account-mail.ts sends the link); the old one stays until then.
      changeEmail: { enabled: true },
      deleteUser: {
        enabled: true,
        beforeDelete: (user) =>
          closeAccount(user.id).catch((error: unknown) => {
            throw carriedThroughBetterAuth(error);
          }),
      },
    },
    // Every change that matters asks for the password (or a mailed link) instead of a recent
    // sign-in, so a session is as good as new for listing its own devices.
    session: { freshAge: 0 },
    hooks: { before: beforeAuthEndpoint, after: afterAuthEndpoint },
    rateLimit: {
      // better-auth's default is production only: on everywhere, so that what the tests prove runs.
      enabled: true,
      // Counted in the database, so every app instance counts against the same limit.
      storage: "database",
      customRules: PER_ADDRESS_RULES,
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER], ipv6Subnet: 64 },
      // better-auth skips its Origin check under NODE_ENV=test; the tests prove it holds.
      disableOriginCheck: false,
    },
    databaseHooks: {
      user: {
        // better-auth's admin plugin keeps the role (user.role); "admin" opens the operator's console
        // (lib/admin/operator.ts). An email in ADMIN_EMAILS signs up as one.
        create: {
          before: async (user, context) => ({
            data: {
              ...user,
              role: isSeededOperator(user.email) ? OPERATOR_ROLE : BUYER_ROLE,
              ...(context?.request && { locale: localeOfRequest(context.request) }),
            },
          }),
        },
        // A link clicked at the new address proves it, whether or not the old one was verified
        // (better-auth would carry the old address's state over).
        update: {
          before: async (user, context) => (context?.path === "/verify-email" && user.email ? { data: { ...user, emailVerified: true } } : undefined),
        },
      },
    },
    // The console (/admin, /api/admin/*) is the operators' way in. The admin plugin's own endpoints
    // would go around its audit log, and remove-user would delete an account whose subscription
    // Stripe goes on billing (account deletion cancels it first): none of them answers over HTTP.
    // The plugin still keeps the roles, and the server still calls it where it needs to.
    disabledPaths: Object.values(adminPlugin.endpoints).map((endpoint) => endpoint.path),
    // nextCookies last, as better-auth asks: it sets the cookies the plugins before it wrote.
    plugins: [adminPlugin, nextCookies()],
  });
}

let instance: ReturnType<typeof createAuth> | undefined;

export function auth(): ReturnType<typeof createAuth> {
  instance ??= createAuth();
  return instance;
}
