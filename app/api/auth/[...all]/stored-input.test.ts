import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { auth } from "@/lib/auth/better-auth";
import { NAME_MAX_LENGTH } from "@/lib/auth/input-limits";
import { db } from "@/lib/db";
import { authRequest, errorOf, getAuth, newEmail, newNetwork, postAuth, signedInBuyer, type Caller } from "@/test-support/auth-requests";
import { signUpOperator } from "@/test-support/operators";

// Issue 24.2: text that PostgreSQL refuses (a NUL character), text of any length and values of
// the wrong type reached the database through better-auth's own endpoints (500s, a 15,000-character
// name stored). Every endpoint better-auth serves is swept here, found from its own list, so an
// endpoint a plugin adds later is swept too.

async function userRow(email: string) {
  return db.user.findUniqueOrThrow({ where: { email }, select: { name: true, image: true } });
}

/** An operator's session, so that the admin plugin's endpoints are reached too. */
async function signedInOperator(): Promise<Caller> {
  const operator = await signUpOperator();
  return { ip: newNetwork(), cookie: operator.headers.get("cookie") ?? "" };
}

/** The same caller from a network of its own, so that no per-address limit is reached during a sweep. */
const elsewhere = (caller: Caller): Caller => ({ ...caller, ip: newNetwork("10.79") });

describe("update-user and revoke-session, as the issue found them", () => {
  it.each<[string, Record<string, unknown>]>([
    ["a NUL character in the name", { name: "a\u0000b" }],
    ["a NUL character in the image", { image: "a\u0000" }],
    ["a number as the name", { name: 123 }],
    ["null as the name", { name: null }],
    ["15,000 characters as the name", { name: "x".repeat(15_000) }],
    [`${NAME_MAX_LENGTH + 1} characters as the name`, { name: "x".repeat(NAME_MAX_LENGTH + 1) }],
    ["a line break in the name", { name: "Jane\nClick https://evil.example" }],
    ["a javascript: URL as the image", { image: "javascript:alert(1)" }],
    ["a field update-user does not set beside one it does", { name: "Jane", emailVerified: true }],
  ])("refuses %s in update-user with 400 in the API's error shape, and changes nothing", async (_what, body) => {
    const { email, caller } = await signedInBuyer();
    const before = await userRow(email);

    const answer = await postAuth("/update-user", caller, body);

    expect(await errorOf(answer)).toMatchObject({ status: 400, code: "invalid_request", type: "invalid_request_error" });
    expect(await userRow(email)).toEqual(before);
  });

  it(`takes a name of ${NAME_MAX_LENGTH} characters and an https image in update-user, and a null image`, async () => {
    const { email, caller } = await signedInBuyer();
    const name = "名".repeat(NAME_MAX_LENGTH);

    expect((await postAuth("/update-user", caller, { name, image: "https://images.example/me.png" })).status).toBe(200);
    expect(await userRow(email)).toEqual({ name, image: "https://images.example/me.png" });
    expect((await postAuth("/update-user", caller, { image: null })).status).toBe(200);
    expect(await userRow(email)).toEqual({ name, image: null });
  });

  it(`refuses a name over ${NAME_MAX_LENGTH} characters at sign-up and creates no account`, async () => {
    const email = newEmail();

    const refused = await postAuth("/sign-up/email", { ip: newNetwork() }, { name: "x".repeat(NAME_MAX_LENGTH + 1), email, password: "correct horse battery" });

    expect(await errorOf(refused)).toMatchObject({ status: 400, code: "invalid_request", message: `Use at most ${NAME_MAX_LENGTH} characters for your name.` });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("refuses a NUL character as the token of revoke-session with 400, and the session stays", async () => {
    const { email, caller } = await signedInBuyer();

    for (const token of ["\u0000", "a\u0000b"]) {
      expect(await errorOf(await postAuth("/revoke-session", caller, { token }))).toMatchObject({ status: 400, code: "invalid_request" });
    }
    expect(await (await getAuth("/get-session", caller)).json()).toMatchObject({ user: { email } });
  });
});

/** The top-level fields of a body schema, however better-auth composes it (all of, any of). */
function fieldsOf(schema: unknown): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const own = "properties" in schema && typeof schema.properties === "object" && schema.properties ? Object.keys(schema.properties) : [];
  const parts = ["allOf", "anyOf", "oneOf"].flatMap((key) => (key in schema ? ((schema as Record<string, unknown[]>)[key] ?? []) : []));
  return [...new Set([...own, ...parts.flatMap(fieldsOf)])];
}

interface Endpoint {
  path: string;
  methods: string[];
  body: string[];
  query: string[];
}

// update-user and update-session take any object; these are the fields they would write.
const UNTYPED_BODIES: Record<string, string[]> = { "/update-user": ["name", "image"], "/update-session": ["token", "userAgent"] };

/** What better-auth answers over HTTP: every endpoint it has but those switched off (disabledPaths). */
function betterAuthEndpoints(): Endpoint[] {
  const schemaFields = (schema: unknown) => (schema instanceof z.ZodType ? fieldsOf(z.toJSONSchema(schema, { unrepresentable: "any" })) : []);
  const disabled: readonly string[] = auth().options.disabledPaths ?? [];
  return Object.values(auth().api as Record<string, { path?: string; options?: { method?: string | string[]; body?: unknown; query?: unknown } }>)
    .filter((endpoint): endpoint is typeof endpoint & { path: string } => typeof endpoint.path === "string" && !disabled.includes(endpoint.path))
    .map((endpoint) => ({
      path: endpoint.path,
      methods: [endpoint.options?.method ?? "GET"].flat(),
      body: [...schemaFields(endpoint.options?.body), ...(UNTYPED_BODIES[endpoint.path] ?? [])],
      query: schemaFields(endpoint.options?.query),
    }));
}

// Every other field plausible but matching nothing, so that a request gets as far as it can
// without changing the account it runs as (a wrong current password, a user id no one has).
function plausibleBody(fields: string[]): Record<string, unknown> {
  const values: Record<string, () => unknown> = {
    name: () => "Probe",
    email: newEmail,
    newEmail,
    password: () => "not the password at all",
    currentPassword: () => "not the password at all",
    newPassword: () => "a brand new kettle song",
    token: () => "no-such-token",
    sessionToken: () => "no-such-token",
    userId: () => "no-such-user",
    accountId: () => "no-such-account",
    role: () => "user",
    data: () => ({ name: "Probe" }),
    permission: () => ({ user: ["list"] }),
    provider: () => "github",
  };
  return Object.fromEntries(fields.flatMap((field) => (values[field] ? [[field, values[field]()]] : [])));
}

// better-auth's origin check refuses an address it does not trust (403) before any hook runs.
const isRedirectField = (field: string) => /URL$|^redirectTo$/.test(field);

const HOSTILE_TEXT: Record<string, string> = { "a NUL character": "a\u0000b", "only a NUL character": "\u0000", "15,000 characters": "x".repeat(15_000) };
const WRONG_TYPES: Record<string, unknown> = { "a number": 123, "a huge number": 1e300, null: null, "an object": { a: "b" }, "an array": ["a"], "a boolean": true };

describe("every better-auth endpoint", () => {
  const endpoints = betterAuthEndpoints();

  it("is found: the sweep below covers what the storefront serves under /api/auth", () => {
    const paths = endpoints.map((endpoint) => endpoint.path);
    expect(paths).toEqual(expect.arrayContaining(["/sign-up/email", "/sign-in/email", "/update-user", "/revoke-session", "/change-email", "/change-password", "/reset-password", "/delete-user"]));
    expect(endpoints.filter((endpoint) => endpoint.methods.includes("POST") && endpoint.body.length > 0).length).toBeGreaterThan(15);
  });

  it("answers none of the admin plugin's endpoints over HTTP, even to an operator: 404 in the error shape, and a buyer it would remove keeps their account", async () => {
    const operator = await signedInOperator();
    const { email } = await signedInBuyer();
    const buyer = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });

    const removal = await postAuth("/admin/remove-user", operator, { userId: buyer.id });
    expect(await errorOf(removal)).toMatchObject({ status: 404, code: "not_found" });
    expect(await errorOf(await postAuth("/admin/set-role", operator, { userId: buyer.id, role: "admin" }))).toMatchObject({ status: 404 });
    expect(await errorOf(await getAuth("/admin/list-users", operator))).toMatchObject({ status: 404 });
    expect(await db.user.findUnique({ where: { id: buyer.id }, select: { role: true } })).toEqual({ role: "user" });
  });

  it("refuses a NUL character or 15,000 characters in any body field with 400 (a redirect address with better-auth's 403), and answers a wrong type with a 4xx, in the API's error shape, never 500", async () => {
    const failures: string[] = [];
    for (const endpoint of endpoints.filter((candidate) => candidate.methods.includes("POST") && candidate.body.length > 0)) {
      const operator = await signedInOperator();
      for (const field of endpoint.body) {
        // At once: sign-up answers no sooner than its floor (lib/auth/sign-up-pace.ts).
        await Promise.all(
          Object.entries({ ...HOSTILE_TEXT, ...WRONG_TYPES }).map(async ([kind, value]) => {
            const body = { ...plausibleBody(endpoint.body), [field]: value };
            const answer = await POST(authRequest(endpoint.path.replace(/:\w+/, "x"), elsewhere(operator), { body, method: "POST" }), undefined);
            const refusals = isRedirectField(field) ? [400, 403] : [400];
            const expected = typeof value === "string" ? refusals.includes(answer.status) : answer.status < 500;
            if (!expected) failures.push(`${endpoint.path} ${field} = ${kind} → ${answer.status}`);
            if (answer.status >= 400) expect((await errorOf(answer)).code).toMatch(/^[a-z_]+$/);
          }),
        );
      }
      // A NUL character in a field's name is refused as well.
      const keyed = await POST(authRequest(endpoint.path, elsewhere(operator), { body: { "na\u0000me": "x" }, method: "POST" }), undefined);
      if (keyed.status !== 400) failures.push(`${endpoint.path} a NUL character in a key → ${keyed.status}`);
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it("refuses a NUL character or 15,000 characters in any query field with 400, and answers them in a path parameter without a 500", async () => {
    const failures: string[] = [];
    const operator = await signedInOperator();
    const gets = endpoints.filter((endpoint) => endpoint.methods.includes("GET"));
    const inQueries = gets.flatMap((endpoint) =>
      endpoint.query.flatMap((field) => Object.values(HOSTILE_TEXT).map((value) => `${endpoint.path.replace(/:\w+/, "x")}?callbackURL=/&${field}=${encodeURIComponent(value)}`)),
    );
    // better-auth hands a path parameter on as it was written (%00 stays three characters).
    const inPaths = gets.filter((endpoint) => endpoint.path.includes(":")).flatMap((endpoint) => Object.values(HOSTILE_TEXT).map((value) => `${endpoint.path.replace(/:\w+/, encodeURIComponent(value))}?callbackURL=/`));
    expect(inQueries.length).toBeGreaterThan(20);
    for (const target of [...inQueries, ...inPaths]) {
      const answer = await GET(authRequest(target, elsewhere(operator)), undefined);
      const expected = inQueries.includes(target) ? answer.status === 400 : answer.status < 500;
      if (!expected) failures.push(`GET ${target.slice(0, 80)} → ${answer.status}`);
      if (answer.status >= 400) expect((await errorOf(answer)).code).toMatch(/^[a-z_]+$/);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
