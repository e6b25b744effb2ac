import { prismaAdapter } from "@better-auth/prisma-adapter";
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/lib/db";

// Email and password accounts through better-auth: it hashes passwords (scrypt), keeps sessions
// in our database and signs the session cookie. BETTER_AUTH_SECRET and BETTER_AUTH_URL come from
// the environment (better-auth reads them itself). Built on first use, because the Prisma adapter
// opens the database client and `next build` imports this module without one.

function createAuth() {
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    plugins: [nextCookies()],
  });
}

let instance: ReturnType<typeof createAuth> | undefined;

export function auth(): ReturnType<typeof createAuth> {
  instance ??= createAuth();
  return instance;
}
