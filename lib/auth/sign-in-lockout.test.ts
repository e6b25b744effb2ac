import { describe, expect, it } from "vitest";
import { FAILURES_BEFORE_LOCK, LOCK_SECONDS } from "@/lib/auth/sign-in-lockout";
import { cookiesOf, errorOf, newEmail, newNetwork, postAuth, signIn, signUp } from "@/test-support/auth-requests";

// The lockout as a guesser meets it: the real auth route and better-auth's sign-in on this file's
// own database, many guesses in flight at once from one address.

const WRONG = "not the password at all";

async function registered(): Promise<string> {
  const email = newEmail();
  expect((await signUp({ ip: newNetwork() }, email)).status).toBe(200);
  return email;
}

const guesses = (ip: string, email: string, count: number) =>
  Promise.all(Array.from({ length: count }, (_, guess) => signIn({ ip }, email, `${WRONG} ${guess}`)));

describe("sign-in lockout under simultaneous guesses", () => {
  it("checks exactly 5 of 20 simultaneous wrong passwords for one account from one address and refuses the other 15 as locked", async () => {
    const email = await registered();
    const attacker = newNetwork();

    const answers = await guesses(attacker, email, 20);

    const errors = await Promise.all(answers.map(errorOf));
    const checked = errors.filter((error) => error.status === 401);
    const refused = errors.filter((error) => error.status === 429);
    expect(checked).toHaveLength(FAILURES_BEFORE_LOCK);
    expect(refused).toHaveLength(20 - FAILURES_BEFORE_LOCK);
    for (const error of checked) expect(error).toMatchObject({ code: "unauthenticated" });
    for (const error of refused) {
      expect(error).toMatchObject({ code: "rate_limit_exceeded", type: "rate_limit_error", message: expect.stringContaining("failed sign-ins for this account") });
    }
    for (const answer of answers.filter((each) => each.status === 429)) {
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(LOCK_SECONDS - 60);
    }
  });

  it("then refuses the right password from that address too, while the owner signs in from another", async () => {
    const email = await registered();
    const attacker = newNetwork();
    await guesses(attacker, email, 20);

    const locked = await signIn({ ip: attacker }, email);
    const owner = await signIn({ ip: newNetwork() }, email);

    expect(await errorOf(locked)).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(locked.headers.getSetCookie()).toEqual([]);
    expect(owner.status).toBe(200);
    expect(cookiesOf(owner)).toContain("better-auth.session_token=");
  });

  it("lets the right password in after 4 simultaneous wrong ones, and then forgets them", async () => {
    const email = await registered();
    const client = newNetwork();

    expect((await guesses(client, email, FAILURES_BEFORE_LOCK - 1)).map((answer) => answer.status)).toEqual(Array(FAILURES_BEFORE_LOCK - 1).fill(401));
    expect((await signIn({ ip: client }, email)).status).toBe(200);
    expect((await guesses(client, email, FAILURES_BEFORE_LOCK - 1)).map((answer) => answer.status)).toEqual(Array(FAILURES_BEFORE_LOCK - 1).fill(401));
    expect((await signIn({ ip: client }, email)).status).toBe(200);
  });

  it("does not count sign-ins that checked no password, however many arrive at once", async () => {
    const email = await registered();
    const client = newNetwork();

    const unchecked = await Promise.all(Array.from({ length: FAILURES_BEFORE_LOCK }, () => postAuth("/sign-in/email", { ip: client }, { email })));

    expect(unchecked.map((answer) => answer.status)).toEqual(Array(FAILURES_BEFORE_LOCK).fill(400));
    expect((await signIn({ ip: client }, email)).status).toBe(200);
  });
});
