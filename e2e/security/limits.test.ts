import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../chaos/harness";
import { signUp } from "../chaos/storefront";
import { newClientAddress, send, type Reply } from "./http-client";
import { skipWithoutPostgres } from "@/test-support/required-services";

// Rate limits as an attacker meets them: two instances behind no proxy (TRUST_PROXY_HOPS=0), a
// client that writes whatever it likes in X-Forwarded-For, and requests spread over both
// instances. Every client here has its own loopback address, as it would its own network.


// The documented rule (docs/security.md): this many wrong passwords lock an (account, client) pair.
const FAILURES_BEFORE_LOCK = 5;

function spoofedForwardedFor(attempt: number): Record<string, string> {
  return { "x-forwarded-for": `203.0.113.${attempt % 250}, 198.51.100.${(attempt * 7) % 250}` };
}

describe.skipIf(skipWithoutPostgres("the two-instance limits suite"))("rate limits across two instances that trust no forwarding header", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false, trustProxyHops: 0 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const instance = (attempt: number): string => stack.apps[attempt % 2]?.url ?? "";

  it("lets one client make exactly 100 API requests a minute in all, however it spreads them and whatever X-Forwarded-For says", async () => {
    const attacker = newClientAddress();
    const replies: Reply[] = [];
    for (let wave = 0; wave < 6; wave += 1) {
      replies.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            send(`${instance(index)}/api/check-payment-status/cs_test_limit`, { headers: spoofedForwardedFor(wave * 20 + index), from: attacker }),
          ),
        )),
      );
    }
    const limited = replies.filter((reply) => reply.status === 429);
    expect(replies.length - limited.length).toBe(100);
    expect(limited).toHaveLength(20);
    for (const reply of limited) {
      expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: "rate_limit_exceeded", type: "rate_limit_error" } });
    }
    const bystander = await send(`${instance(1)}/api/check-payment-status/cs_test_limit`, { from: newClientAddress() });
    expect(bystander.status).toBe(401);
  });

  it("stops a password guesser who rotates X-Forwarded-For, and the owner still signs in from their own address", async () => {
    const owner = await signUp(stack.apps[0]);
    const attacker = newClientAddress();
    const guess = (password: string, attempt: number): Promise<Reply> =>
      send(`${instance(attempt)}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: instance(attempt), ...spoofedForwardedFor(attempt) },
        body: JSON.stringify({ email: owner.email, password }),
        from: attacker,
      });

    let refusedAt = -1;
    for (let attempt = 0; attempt < 40 && refusedAt < 0; attempt += 1) {
      const reply = await guess(`wrong-guess-${attempt}`, attempt);
      if (reply.status === 429) refusedAt = attempt;
      else expect(reply.status, reply.body).toBe(401);
    }
    expect(refusedAt).toBe(FAILURES_BEFORE_LOCK);
    const rightPassword = await guess(owner.password, refusedAt + 1);
    expect(rightPassword.status).toBe(429);
    expect(JSON.parse(rightPassword.body)).toMatchObject({ error: { code: "rate_limit_exceeded" } });

    const ownerSignsIn = await send(`${stack.apps[1].url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.apps[1].url },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
      from: newClientAddress(),
    });
    expect(ownerSignsIn.status, ownerSignsIn.body).toBe(200);
  });

  it("checks exactly 5 of 20 simultaneous wrong passwords for one account from one address, spread over both instances, and refuses the other 15 as locked", async () => {
    const owner = await signUp(stack.apps[0]);
    const attacker = newClientAddress();
    const signIn = (password: string, attempt: number): Promise<Reply> =>
      send(`${instance(attempt)}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: instance(attempt), ...spoofedForwardedFor(attempt) },
        body: JSON.stringify({ email: owner.email, password }),
        from: attacker,
      });

    const replies = await Promise.all(Array.from({ length: 20 }, (_, attempt) => signIn(`wrong-guess-${attempt}`, attempt)));

    const checked = replies.filter((reply) => reply.status === 401);
    const refused = replies.filter((reply) => reply.status === 429);
    expect(checked).toHaveLength(FAILURES_BEFORE_LOCK);
    expect(refused).toHaveLength(20 - FAILURES_BEFORE_LOCK);
    for (const reply of refused) {
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: "rate_limit_exceeded", type: "rate_limit_error", message: expect.stringContaining("failed sign-ins for this account") } });
      expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
    }
    const rightPasswords = await Promise.all([signIn(owner.password, 0), signIn(owner.password, 1)]);
    expect(rightPasswords.map((reply) => reply.status)).toEqual([429, 429]);
    const ownerSignsIn = await send(`${stack.apps[0].url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.apps[0].url },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
      from: newClientAddress(),
    });
    expect(ownerSignsIn.status, ownerSignsIn.body).toBe(200);
  });
});
