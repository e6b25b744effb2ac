import { createHmac, timingSafeEqual } from "node:crypto";
import { parseCookies } from "better-auth/cookies";
import { headers } from "next/headers";
import { cache } from "react";
import { auth } from "@/lib/auth/better-auth";
import { ApiError } from "@/lib/http/api-error";

interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

/** better-auth's session: the user (role included) and the session row. */
export type AuthSession = NonNullable<Awaited<ReturnType<ReturnType<typeof auth>["api"]["getSession"]>>>;

// One lookup per page render, however many components ask (the header, the page and the console's
// gate all do). Reading the request first makes a page that shows the user dynamic before the
// database is touched.
const pageSession = cache(async (): Promise<AuthSession | null> => auth().api.getSession({ headers: await headers() }));

/** The session of this page render, or of `requestHeaders` (route handlers pass theirs). */
export async function currentSession(requestHeaders?: Headers): Promise<AuthSession | null> {
  return requestHeaders ? auth().api.getSession({ headers: requestHeaders }) : pageSession();
}

/** The signed-in user of this page render, or of `requestHeaders` (route handlers pass theirs). */
export async function currentUser(requestHeaders?: Headers): Promise<SignedInUser | null> {
  const session = await currentSession(requestHeaders);
  return session && { id: session.user.id, email: session.user.email, name: session.user.name };
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await currentUser(request.headers);
  if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
  return user;
}

/**
 * The session token of a request's session cookie, if better-auth signed it; null otherwise.
 * For a request that checks the session in the same statement as what it reads (payment status),
 * where getSession's own lookup would be a second round trip. The token must still be looked up:
 * a signature proves only that better-auth issued the cookie, not that the session is alive.
 */
export async function signedSessionToken(requestHeaders: Headers): Promise<string | null> {
  const context = await auth().$context;
  const cookie = parseCookies(requestHeaders.get("cookie") ?? "").get(context.authCookies.sessionToken.name);
  // better-auth's signed cookie: `<token>.<base64 HMAC-SHA256 of the token>`.
  const dot = cookie?.lastIndexOf(".") ?? -1;
  if (!cookie || dot < 1) return null;
  const token = cookie.slice(0, dot);
  const signature = Buffer.from(cookie.slice(dot + 1), "base64");
  const expected = createHmac("sha256", context.secret).update(token).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}
