import { prismaAdapter } from "@better-auth/prisma-adapter";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { z } from "zod";
import { db } from "@/lib/db";
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

function createAuth() {
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, autoSignIn: false },
    hooks: { before: refuseGuessablePasswords },
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
    plugins: [nextCookies()],
  });
}

let instance: ReturnType<typeof createAuth> | undefined;

export function auth(): ReturnType<typeof createAuth> {
  instance ??= createAuth();
  return instance;
}
