import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST, PUT } from "@/app/api/auth/[...all]/route";
import { db } from "@/lib/db";
import { FAILURES_BEFORE_LOCK, LOCK_SECONDS } from "@/lib/auth/sign-in-lockout";
import { MAILS_PER_EMAIL_PER_HOUR, PER_ADDRESS_RULES } from "@/lib/auth/account-limits";
import { serveBehindFrontDoor, type FrontDoorServer } from "@/test-support/front-door-server";

const ORIGIN = "http://app.test";
const PASSWORD = "correct horse battery";

let networks = 0;
/** A client address no other test uses, so per-IP limits never carry over between tests. */
function newNetwork(): string {
  networks += 1;
  return `10.77.${networks >> 8}.${networks & 255}`;
}

const newEmail = () => `buyer-${randomUUID()}@example.com`;
const SIGN_UPS_PER_ADDRESS = PER_ADDRESS_RULES["/sign-up/email"].max;

function authRequest(path: string, init: { ip: string; body?: unknown; method?: string; headers?: Record<string, string> }): Request {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": init.ip, ...init.headers });
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return new Request(`${ORIGIN}/api/auth${path}`, { method: init.method ?? "POST", headers, body });
}

const post = (path: string, ip: string, body: unknown, headers?: Record<string, string>) => POST(authRequest(path, { ip, body, headers }), undefined);

const postEmptyForm = (path: string, ip: string, headers: Record<string, string>) =>
  POST(authRequest(path, { ip, body: "", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } }), undefined);

const signUp = (ip: string, email: string, password = PASSWORD) => post("/sign-up/email", ip, { name: "Auth Buyer", email, password });
const signIn = (ip: string, email: string, password = PASSWORD) => post("/sign-in/email", ip, { email, password });

function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** The auth route as a client reaches it: over HTTP, through a proxy, past the front door. */
const overHttp = {
  server: undefined as FrontDoorServer | undefined,
  signIn(client: string, email: string, password: string, written?: string): Promise<Response> {
    if (!this.server) throw new Error("the HTTP server is not up");
    const body = JSON.stringify({ email, password });
    return this.server.send("/api/auth/sign-in/email", { client, written, headers: { "content-type": "application/json" }, body });
  },
};
beforeAll(async () => {
  overHttp.server = await serveBehindFrontDoor({ GET, POST }, ORIGIN);
});
afterAll(() => overHttp.server?.close());

async function registered(): Promise<string> {
  const email = newEmail();
  expect((await signUp(newNetwork(), email)).status).toBe(200);
  return email;
}

interface ErrorShape {
  status: number;
  code: string;
  type: string;
  message: string;
}

/** The response's error, after checking that the body is the API's error shape and nothing else. */
async function errorOf(response: Response): Promise<ErrorShape> {
  const body = (await response.json()) as { error: Omit<ErrorShape, "status"> };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "type"]);
  expect(body.error.message).toEqual(expect.any(String));
  return { status: response.status, ...body.error };
}

/** Every value replaced by its type: two answers alike in this are alike to a client. */
function shapeOf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value === null ? "null" : typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]));
}

describe("sign-in lockout per account and client", () => {
  it(`locks a client out of an account after ${FAILURES_BEFORE_LOCK} wrong passwords, even with the right one, while the owner signs in from another network`, async () => {
    const email = await registered();
    const attacker = newNetwork();

    for (let attempt = 0; attempt < FAILURES_BEFORE_LOCK; attempt += 1) {
      expect(await errorOf(await signIn(attacker, email, `wrong guess number ${attempt}`))).toMatchObject({ status: 401, code: "unauthenticated" });
    }
    const locked = await signIn(attacker, email);
    const owner = await signIn(newNetwork(), email);

    expect(await errorOf(locked)).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      type: "rate_limit_error",
      message: expect.stringContaining("failed sign-ins for this account"),
    });
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(LOCK_SECONDS - 60);
    expect(locked.headers.getSetCookie()).toEqual([]);
    expect(owner.status).toBe(200);
    expect(sessionCookie(owner)).toContain("better-auth.session_token=");
  });

  it("locks only that account: the locked-out client still signs in to another one", async () => {
    const [target, own] = [await registered(), await registered()];
    const client = newNetwork();
    for (let attempt = 0; attempt < FAILURES_BEFORE_LOCK; attempt += 1) await signIn(client, target, "not the password at all");

    expect((await signIn(client, target)).status).toBe(429);
    expect((await signIn(client, own)).status).toBe(200);
  });

  it("forgets a client's failures once it signs in", async () => {
    const email = await registered();
    const client = newNetwork();
    for (let attempt = 1; attempt < FAILURES_BEFORE_LOCK; attempt += 1) await signIn(client, email, "not the password at all");
    expect((await signIn(client, email)).status).toBe(200);
    for (let attempt = 1; attempt < FAILURES_BEFORE_LOCK; attempt += 1) await signIn(client, email, "not the password at all");

    expect((await signIn(client, email)).status).toBe(200);
  });

  it("counts an email however it is capitalised as one account", async () => {
    const email = await registered();
    const client = newNetwork();
    for (let attempt = 0; attempt < FAILURES_BEFORE_LOCK; attempt += 1) {
      await signIn(client, attempt % 2 ? email.toUpperCase() : email.replace(/^b/, "B"), "not the password at all");
    }

    expect((await signIn(client, email)).status).toBe(429);
  });

  it("gains nothing from rotating X-Forwarded-For over HTTP, because the front door keeps only the address the client connected from", async () => {
    const email = await registered();
    const attacker = newNetwork();

    for (let attempt = 0; attempt < FAILURES_BEFORE_LOCK; attempt += 1) {
      const guess = await overHttp.signIn(attacker, email, "not the password at all", `198.18.${attempt}.1, 198.19.${attempt}.2`);
      expect(await errorOf(guess)).toMatchObject({ status: 401, code: "unauthenticated" });
    }

    expect(await errorOf(await overHttp.signIn(attacker, email, PASSWORD, "198.18.200.1"))).toMatchObject({
      status: 429,
      message: expect.stringContaining("failed sign-ins for this account"),
    });
    expect((await overHttp.signIn(newNetwork(), email, PASSWORD, "198.18.200.1")).status).toBe(200);
  });
});

describe("better-auth's per-IP limits", () => {
  it("answers the 11th sign-in in a minute from one client with 429 in the API's error shape, and a neighbour behind the same proxy is unaffected", async () => {
    // Over HTTP through one proxy (TRUST_PROXY_HOPS=1): each client writes an X-Forwarded-For of
    // its own choosing, and the proxy appends the address it really connected from.
    const attacker = newNetwork();
    const neighbour = newNetwork();
    const victim = await registered();

    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await overHttp.signIn(attacker, newEmail(), "not the password at all", `198.18.0.${attempt}`)).status).toBe(401);
    }
    const limited = await overHttp.signIn(attacker, newEmail(), "not the password at all", "198.18.1.1");

    expect(await errorOf(limited)).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "rate_limit_error" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await overHttp.signIn(neighbour, victim, PASSWORD, "198.18.1.1")).status).toBe(200);
  });

  it("lets 30 people behind one address sign up in a minute (a campus, an office, a carrier's shared address), and answers the next with 429", async () => {
    expect(SIGN_UPS_PER_ADDRESS).toBe(30);
    const campus = newNetwork();
    for (let person = 0; person < SIGN_UPS_PER_ADDRESS; person += 1) expect((await signUp(campus, newEmail())).status).toBe(200);

    const limited = await signUp(campus, newEmail());

    expect(await errorOf(limited)).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await signUp(newNetwork(), newEmail())).status).toBe(200);
  });

  it("lets one email be signed up for at most 3 times an hour, from any number of addresses", async () => {
    expect(MAILS_PER_EMAIL_PER_HOUR).toBe(3);
    const email = newEmail();
    for (let attempt = 0; attempt < MAILS_PER_EMAIL_PER_HOUR; attempt += 1) expect((await signUp(newNetwork(), email)).status).toBe(200);

    const limited = await signUp(newNetwork(), email);

    expect(await errorOf(limited)).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(3000);
  });
});

describe("sign-up", () => {
  it("answers a registered email exactly as a new one, and starts no session for either", async () => {
    const email = newEmail();

    const fresh = await signUp(newNetwork(), email);
    const again = await signUp(newNetwork(), email, "another long passphrase here");

    expect(again.status).toBe(fresh.status);
    expect(fresh.status).toBe(200);
    const [freshBody, againBody] = [await fresh.json(), await again.json()];
    expect(shapeOf(againBody)).toEqual(shapeOf(freshBody));
    expect(againBody).toMatchObject({ token: null, user: { email } });
    expect(fresh.headers.getSetCookie()).toEqual([]);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);
    expect((await signIn(newNetwork(), email, "another long passphrase here")).status).toBe(401);
    expect((await signIn(newNetwork(), email)).status).toBe(200);
  });

  it.each([
    ["a well-known password", "12345678"],
    ["the word password", "password"],
    ["eight spaces", "        "],
    ["only whitespace", "\t \t \t \t "],
  ])("refuses %s with 400 password_too_weak in the API's error shape", async (_name, password) => {
    const email = newEmail();

    const refused = await signUp(newNetwork(), email, password);

    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "password_too_weak", type: "invalid_request_error" });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("refuses the email address as the password", async () => {
    const email = newEmail();

    const refused = await signUp(newNetwork(), email, email.toUpperCase());

    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "password_too_weak", message: "Your password can't be your email address." });
  });

  it("accepts the passphrase every test suite uses", async () => {
    expect((await signUp(newNetwork(), newEmail(), PASSWORD)).status).toBe(200);
  });
});

describe("password changes", () => {
  it("refuses a guessable new password when changing it", async () => {
    const email = await registered();
    const ip = newNetwork();
    const cookie = sessionCookie(await signIn(ip, email));

    const refused = await post("/change-password", ip, { currentPassword: PASSWORD, newPassword: "password1" }, { cookie, origin: ORIGIN });
    const accepted = await post("/change-password", ip, { currentPassword: PASSWORD, newPassword: "a brand new kettle song" }, { cookie, origin: ORIGIN });

    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "password_too_weak" });
    expect(accepted.status).toBe(200);
  });

  it("refuses a guessable new password when resetting it, before the token is even looked at", async () => {
    const refused = await post("/reset-password", newNetwork(), { newPassword: "12345678", token: "any-token" });

    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "password_too_weak" });
  });
});

describe("sign-out", () => {
  it("ends the session from a plain form post and sends the browser home", async () => {
    const email = await registered();
    const ip = newNetwork();
    const cookie = sessionCookie(await signIn(ip, email));

    const answer = await postEmptyForm("/sign-out", ip, { cookie, origin: ORIGIN });

    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/");
    expect(answer.headers.getSetCookie().join()).toMatch(/better-auth\.session_token=;/);
    const session = await GET(authRequest("/get-session", { ip, method: "GET", headers: { cookie } }), undefined);
    expect(await session.json()).toBeNull();
  });

  it("refuses a sign-out posted from another site, as a form or as JSON, keeping the session", async () => {
    const email = await registered();
    const ip = newNetwork();
    const cookie = sessionCookie(await signIn(ip, email));
    const foreign = { cookie, origin: "https://evil.example" };

    const asForm = await postEmptyForm("/sign-out", ip, foreign);
    const asJson = await post("/sign-out", ip, {}, foreign);

    expect(await errorOf(asForm)).toMatchObject({ status: 403, code: "cross_origin_request" });
    expect(await errorOf(asJson)).toMatchObject({ status: 403, code: "cross_origin_request" });
    const session = await GET(authRequest("/get-session", { ip, method: "GET", headers: { cookie } }), undefined);
    expect(await session.json()).toMatchObject({ user: { email } });
  });
});

describe("errors of /api/auth", () => {
  const huge = JSON.stringify({ email: newEmail(), password: "x".repeat(20_000) });

  it.each<[string, () => Request, number, string]>([
    ["an unknown endpoint", () => authRequest("/no-such-endpoint", { ip: newNetwork(), body: {} }), 404, "not_found"],
    ["a body that is not JSON", () => authRequest("/sign-in/email", { ip: newNetwork(), body: "{not json" }), 400, "invalid_request"],
    ["a missing field", () => authRequest("/sign-in/email", { ip: newNetwork(), body: { email: newEmail() } }), 400, "invalid_request"],
    ["an invalid email", () => authRequest("/sign-up/email", { ip: newNetwork(), body: { name: "A", email: "nope", password: PASSWORD } }), 400, "invalid_email"],
    ["a too-short password", () => authRequest("/sign-up/email", { ip: newNetwork(), body: { name: "A", email: newEmail(), password: "short" } }), 400, "password_too_weak"],
    ["a body over 16 kB", () => authRequest("/sign-in/email", { ip: newNetwork(), body: huge }), 413, "payload_too_large"],
    ["a media type it does not take", () => authRequest("/sign-in/email", { ip: newNetwork(), body: "x", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type"],
  ])("answers %s in the API's error shape", async (_name, request, status, code) => {
    expect(await errorOf(await POST(request(), undefined))).toMatchObject({ status, code });
  });

  it("answers a method it does not take with 405 in the API's error shape", async () => {
    const answer = await PUT(authRequest("/sign-in/email", { ip: newNetwork(), method: "PUT", body: {} }), undefined);

    expect(await errorOf(answer)).toMatchObject({ status: 405, code: "method_not_allowed" });
    expect(answer.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
  });
});
