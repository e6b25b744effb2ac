import { prismaAdapter } from "@better-auth/prisma-adapter";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { defaultRoles } from "better-auth/plugins/admin/access";
import { z } from "zod";
import { db } from "@/lib/db";
import { isSeededOperator } from "@/lib/config/admin-emails";
import { MIN_PASSWORD_LENGTH, passwordProblem, WEAK_PASSWORD_CODE } from "@/lib/auth/password-policy";

// Email and password accounts through better-auth: it hashes passwords (scrypt), keeps sessions
// in our database and signs the session cookie. BETTER_AUTH_SECRET and BETTER_AUTH_URL come from
// the environment (better-auth reads them itself). Built on first use, because the Prisma adapter
// opens the database client and `next build` imports this module without one.
//
// Sign-up does not reveal whether an email is registered: with autoSignIn off, better-auth answers
// a taken email exactly as a new one (200, `{token: null, user}`, no session) and the form then
// signs in. That sign-in still tells the two apart (it fails for someone else's account), and
// nothing can hide that without email verification, which the storefront does not have: the
// answer only ever comes from a sign-in. What bounds it is the rate limits below (a few sign-ups
// and sign-ins a minute per network) and the per-account lockout (lib/auth/sign-in-lockout.ts).

// The one client address lib/http/front-door.ts writes over X-Forwarded-For at the socket.
const CLIENT_ADDRESS_HEADER = "x-forwarded-for";

/** better-auth admin plugin roles: the console is for "admin" only. */
export const OPERATOR_ROLE = "admin";
export const BUYER_ROLE = "user";
/**
 * What each role may do: the plugin's own access control, handed to the plugin and read by the
 * console's gate (lib/admin/operator.ts), so both decide alike without a call through the plugin's API.
 */
export const ROLE_PERMISSIONS = defaultRoles;

const signUpBody = z.object({ password: z.string(), email: z.string().optional(), name: z.string().optional() });
const newPasswordBody = z.object({ newPassword: z.string() });

// Every endpoint that sets a password (sign-up, change and reset password, and the server-only
// set-password) goes through this, whether called over HTTP or as auth().api.*. A malformed body
// is let through for better-auth to refuse with its own validation error.
const refuseGuessablePasswords = createAuthMiddleware(async (ctx) => {
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
  if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: WEAK_PASSWORD_CODE });
});

// The admin plugin gives a new user a role, but better-auth's stand-in answer for an email already
// taken has none; left in, the role field would tell the two apart (and name a seeded operator).
const ROLE_FIELDS = new Set(["role", "banned", "banReason", "banExpires"]);
const keepRolesOutOfSignUp = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/sign-up/email") return;
  const returned: unknown = ctx.context.returned;
  if (typeof returned !== "object" || returned === null || !("user" in returned)) return;
  const { user } = returned;
  if (typeof user !== "object" || user === null) return;
  return ctx.json({ ...returned, user: Object.fromEntries(Object.entries(user).filter(([key]) => !ROLE_FIELDS.has(key))) });
});

function createAuth() {
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, autoSignIn: false },
    hooks: { before: refuseGuessablePasswords, after: keepRolesOutOfSignUp },
    rateLimit: {
      // better-auth's default is production only: on everywhere, so that what the tests prove runs.
      enabled: true,
      // Counted in the database, so every app instance counts against the same limit.
      storage: "database",
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 5 },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER], ipv6Subnet: 64 },
      // better-auth skips its Origin check under NODE_ENV=test; the tests prove it holds.
      disableOriginCheck: false,
    },
    // better-auth's admin plugin keeps the role (user.role); "admin" opens the operator's console
    // (lib/admin/operator.ts). An email in ADMIN_EMAILS signs up as one.
    databaseHooks: {
      user: { create: { before: async (user) => ({ data: { ...user, role: isSeededOperator(user.email) ? OPERATOR_ROLE : BUYER_ROLE } }) } },
    },
    // nextCookies last, as better-auth asks: it sets the cookies the plugins before it wrote.
    plugins: [admin({ defaultRole: BUYER_ROLE, adminRoles: [OPERATOR_ROLE], roles: ROLE_PERMISSIONS }), nextCookies()],
  });
}

let instance: ReturnType<typeof createAuth> | undefined;

export function auth(): ReturnType<typeof createAuth> {
  instance ??= createAuth();
  return instance;
}
