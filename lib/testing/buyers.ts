import { randomUUID } from "node:crypto";
import { auth } from "@/lib/auth";

export interface TestBuyer {
  id: string;
  email: string;
  /** Request headers that carry this buyer's session cookie. */
  headers: Headers;
}

/** Signs a new buyer up through better-auth, exactly as the sign-up form does. */
export async function signUpBuyer(name = "Test Buyer"): Promise<TestBuyer> {
  const email = `buyer-${randomUUID()}@example.com`;
  const response = await auth().api.signUpEmail({
    body: { name, email, password: "correct horse battery" },
    asResponse: true,
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { user } = (await response.json()) as { user: { id: string } };
  return { id: user.id, email, headers: new Headers({ cookie, "x-forwarded-for": `10.0.${Math.floor(Math.random() * 250)}.1` }) };
}
