import { prismaAdapter } from "@better-auth/prisma-adapter";
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/lib/db";

// Email and password accounts through better-auth: it hashes passwords (scrypt), keeps sessions
// in our database and signs the session cookie. BETTER_AUTH_SECRET and BETTER_AUTH_URL come from
// the environment (better-auth reads them itself).
export const auth = betterAuth({
  database: prismaAdapter(db, { provider: "postgresql" }),
  emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
  plugins: [nextCookies()],
});
