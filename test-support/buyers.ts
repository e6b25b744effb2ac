import { randomUUID } from "node:crypto";
import { auth } from "@/lib/auth/better-auth";

export interface TestBuyer {
  id: string;
  email: string;
  /** Request headers that carry this buyer's session cookie. */
  headers: Headers;
}

/** Signs a new buyer up through better-auth, then in, exactly as the sign-up form does. */
export async function signUpBuyer(name = "Test Buyer"): Promise<TestBuyer> {
  const email = `buyer-${randomUUID()}@example.com`;
  const password = "correct horse battery";
  const { user } = await auth().api.signUpEmail({ body: { name, email, password } });
  // Sign-up starts no session (it must answer a taken email like a new one): sign in, as the form does.
  const response = await auth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { id: user.id, email, headers: new Headers({ cookie, "x-forwarded-for": `10.0.${Math.floor(Math.random() * 250)}.1` }) };
}
