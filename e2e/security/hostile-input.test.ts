import { connect } from "node:net";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../chaos/harness";
import { priceIds } from "../chaos/purchases";
import { signUp, startCheckout, type Buyer } from "../chaos/storefront";
import {
  authJsonFieldsOf,
  hostileJsonBody,
  hostileKinds,
  hostileQueryValues,
  hostileSegment,
  jsonFieldsOf,
  notSweptPosts,
  plausibleAuthValues,
  plausibleValues,
  queryFieldsOf,
} from "./hostile-values";
import { newClientAddress, send, type Reply } from "./http-client";
import { concretePath, routesOnDisk } from "./routes-on-disk";
import { skipWithoutPostgres } from "@/test-support/required-services";

// Issue 24's second round against the built storefront: each test replays what an attacker did
// (NUL bytes in ids, methods Next has no handler for, bodies of the wrong type, personal answers
// without Cache-Control, NUL characters and wrong types in better-auth's update-user and
// revoke-session), then seed-fixed fuzzes send hostile values to every field of our own routes and
// of better-auth's endpoints.

const errorShape = { error: { code: expect.stringMatching(/^[a-z_]+$/) as unknown, message: expect.any(String) as unknown, type: expect.any(String) as unknown } };
const stackTrace = /\bat [\w.<>]+ \(|node_modules|\.js:\d+:\d+|\.ts:\d+:\d+/;
const UNCOMMON_METHODS = ["PROPFIND", "SEARCH", "QUERY", "PURGE", "LINK", "MKCOL", "REPORT", "LOCK", "ACL", "BIND", "SOURCE", "SUBSCRIBE", "M-SEARCH", "TRACE"];
const routes = routesOnDisk();

function expectErrorShape(reply: Reply, context: string): void {
  expect(reply.headers["content-type"], context).toMatch(/^application\/json/);
  expect(JSON.parse(reply.body), context).toMatchObject(errorShape);
  expect(reply.headers["cache-control"], context).toBe("no-store");
}

describe.skipIf(skipWithoutPostgres("the hostile-input suite"))("hostile input against the built storefront", () => {
  let stack: Stack;
  let app: string;
  let buyer: Buyer;
  let operator: Buyer;
  let priceId: string;
  let sessionId: string;

  let prober: Buyer;

  async function makeOperators(...ids: string[]): Promise<void> {
    const database = new pg.Client({ connectionString: stack.database.url });
    await database.connect();
    await database.query(`UPDATE "user" SET role = 'admin' WHERE id = ANY($1)`, [ids]);
    await database.end();
  }

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false, trustProxyHops: 0 });
    app = stack.apps[0].url;
    // The prober is an operator of its own for better-auth's endpoints, so that whatever they
    // change (its name, its sessions) touches no account the other tests use.
    [buyer, operator, prober] = [await signUp(stack.apps[0]), await signUp(stack.apps[0]), await signUp(stack.apps[0])];
    await makeOperators(operator.id, prober.id);
    priceId = (await priceIds(stack.sandbox))("medium_pack");
    sessionId = await startCheckout(stack.apps[0], buyer, priceId);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const signedIn = (who: Buyer, headers: Record<string, string> = {}) => ({ cookie: who.cookie, ...headers });

  it("answers every method Next has no handler for, on every route, with 405 and the route's own Allow in the error shape", async () => {
    const samples = { sessionId: "cs_test_a1B2c3", all: "sign-in/email" };
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const paths = route.methods.length === 0 ? ["/api", "/api/no-such-route"] : [concretePath(route.template, samples)];
      for (const path of paths) {
        for (const method of UNCOMMON_METHODS) {
          const reply = await send(`${app}${path}`, { method, headers: signedIn(buyer), from: newClientAddress() });
          const context = `${method} ${path} → ${reply.status} ${reply.body.slice(0, 200)}`;
          expectErrorShape(reply, context);
          if (route.methods.length === 0) {
            expect(reply.status, context).toBe(404);
            continue;
          }
          expect(reply.status, context).toBe(405);
          expect(reply.headers.allow, context).toBe(route.allow);
          expect(JSON.parse(reply.body), context).toMatchObject({ error: { code: "method_not_allowed", message: expect.stringMatching(new RegExp(`^${method} is not allowed here`)) } });
        }
      }
    }
  });

  it("answers GET /api in the error shape, not with the HTML 404 page", async () => {
    const reply = await send(`${app}/api`, { from: newClientAddress() });
    expect(reply.status).toBe(404);
    expectErrorShape(reply, "GET /api");
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: "not_found" } });
  });

  it("answers CONNECT with 405 in the error shape, then closes the connection", async () => {
    for (const target of ["127.0.0.1:443", "/api/account"]) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: "127.0.0.1", port: Number(new URL(app).port) }, () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
        let text = "";
        socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
        socket.on("close", () => resolve(text));
        socket.on("error", reject);
      });
      expect(answer, target).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
      expect(answer, target).toMatch(/\r\nAllow: [A-Z, ]+\r\n/);
      expect(answer, target).toMatch(/\r\nConnection: close\r\n/);
      expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)), target).toMatchObject({ error: { code: "method_not_allowed" } });
    }
  });

  it("refuses a receipt id holding a NUL character with 400 in the error shape, never 500", async () => {
    for (const id of ["%00", "a%00", `${sessionId}%00`]) {
      const reply = await send(`${app}/account/receipts/${id}`, { headers: signedIn(buyer), from: newClientAddress() });
      expect(reply.status, id).toBe(400);
      expectErrorShape(reply, id);
    }
  });

  it("takes only the documented content types: a form for the language switch, JSON for the billing portal", async () => {
    for (const [type, body] of [["text/plain", "locale=zh-CN"], ["application/json", '{"locale":"zh-CN"}'], [undefined, "locale=zh-CN"]] as const) {
      const reply = await send(`${app}/api/locale`, { method: "POST", headers: type ? { "content-type": type } : {}, body, from: newClientAddress() });
      expect(reply.status, String(type)).toBe(415);
      expect(reply.headers["set-cookie"], String(type)).toBeUndefined();
      expectErrorShape(reply, String(type));
    }
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const reply = await send(`${app}/api/billing-portal`, { method: "POST", headers: signedIn(buyer, { "content-type": type }), from: newClientAddress() });
      expect(reply.status, type).toBe(415);
      expectErrorShape(reply, type);
    }
  });

  it("keeps every answer of the receipts route out of caches: 404, 405, OPTIONS and the sign-in redirect", async () => {
    const receipt = `${app}/account/receipts/cs_test_nosuchsession`;
    const answers: [string, Reply][] = [
      ["404", await send(receipt, { headers: signedIn(buyer), from: newClientAddress() })],
      ["405 POST", await send(receipt, { method: "POST", headers: signedIn(buyer), from: newClientAddress() })],
      ["405 DELETE", await send(receipt, { method: "DELETE", from: newClientAddress() })],
      ["405 PROPFIND", await send(receipt, { method: "PROPFIND", from: newClientAddress() })],
      ["OPTIONS", await send(receipt, { method: "OPTIONS", from: newClientAddress() })],
      ["signed out", await send(receipt, { from: newClientAddress() })],
    ];
    for (const [what, reply] of answers) expect(reply.headers["cache-control"], what).toBe("no-store");
    expect(answers.map(([what, reply]) => `${what} ${reply.status}`)).toEqual(["404 404", "405 POST 405", "405 DELETE 405", "405 PROPFIND 405", "OPTIONS 204", "signed out 303"]);
  });

  /** Sends as the one who may use the route (an operator for the console's), and checks the answer is a refusal in the shape or a success. */
  async function expectNo5xx(target: string, init: { method: string; body?: string; contentType?: string; who?: Buyer | null }): Promise<Reply> {
    const who = init.who === undefined ? (target.startsWith("/api/admin") ? operator : buyer) : init.who;
    const headers = { ...(who ? signedIn(who) : {}), ...(init.contentType ? { "content-type": init.contentType } : {}) };
    const reply = await send(`${app}${target}`, { method: init.method, headers, body: init.body, from: newClientAddress() });
    const context = `${init.method} ${target.slice(0, 120)} ${init.body?.slice(0, 120) ?? ""} → ${reply.status} ${reply.body.slice(0, 300)}`;
    // The metrics route is switched off in this stack (no METRICS_TOKEN): its 503 says so.
    const switchedOff = reply.status === 503 && reply.body.includes('"code":"metrics_not_configured"');
    if (!switchedOff) expect(reply.status, context).toBeLessThan(500);
    expect(reply.body, context).not.toMatch(stackTrace);
    // An empty segment ends the path in a slash, which Next answers with a 308 that names no one's data.
    if (reply.status !== 308) expect(reply.headers["cache-control"], context).toBe("no-store");
    if (reply.status >= 400) expectErrorShape(reply, context);
    return reply;
  }

  it("answers a NUL character, 15,000 characters or a wrong type in each field of our own routes, the others plausible, with a 4xx in the error shape", async () => {
    const plausible = plausibleValues({ priceId, userId: buyer.id, checkoutSessionId: sessionId });
    const posts = routes.filter((route) => route.methods.includes("POST")).map((route) => route.template);
    expect(posts.filter((template) => !jsonFieldsOf[template] && !notSweptPosts.includes(template)), "POST routes whose fields e2e/security/hostile-values.ts does not name").toEqual([]);
    for (const [template, fields] of Object.entries(jsonFieldsOf)) {
      for (const field of fields) {
        for (const [kind, value] of Object.entries(hostileKinds)) {
          const body = { ...Object.fromEntries(fields.map((name) => [name, plausible[name]?.()])), [field]: value };
          const reply = await expectNo5xx(template, { method: "POST", body: JSON.stringify(body), contentType: "application/json" });
          // No field of ours takes text like these; a number may well be a valid delta or amount.
          if (typeof value === "string") expect(reply.status, `${template} with ${kind} as ${field}`).toBe(400);
        }
      }
    }
    for (const [template, fields] of Object.entries(queryFieldsOf)) {
      for (const field of fields) {
        for (const value of Object.values(hostileQueryValues)) await expectNo5xx(`${template}?${field}=${value}`, { method: "GET" });
      }
    }
    for (const value of Object.values(hostileQueryValues)) await expectNo5xx("/api/locale", { method: "POST", body: `locale=${value}`, contentType: "application/x-www-form-urlencoded" });
  });

  it("answers fuzzed NUL bytes, huge strings and wrong types in our own routes' fields, paths and queries with a 4xx in the error shape, never a 5xx", async () => {
    const own = routes.filter((route) => route.methods.length > 0 && !route.template.startsWith("/api/auth"));
    const plausible = plausibleValues({ priceId, userId: buyer.id, checkoutSessionId: sessionId });
    const request = fc
      .constantFrom(...own)
      .chain((route) =>
        fc.record({
          route: fc.constant(route),
          method: fc.constantFrom(...route.methods),
          segment: hostileSegment,
          query: fc.option(fc.tuple(fc.constantFrom(...(queryFieldsOf[route.template] ?? ["q"])), hostileSegment), { nil: undefined }),
          body: hostileJsonBody(jsonFieldsOf[route.template] ?? ["value"], plausible),
          who: fc.constantFrom("nobody", "buyer", "operator"),
        }),
      );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = concretePath(r.route.template, { sessionId: r.segment });
        const target = `${path}${r.query ? `?${r.query[0]}=${r.query[1]}` : ""}`;
        const contentType = r.method !== "POST" ? undefined : r.route.template === "/api/locale" ? "application/x-www-form-urlencoded" : "application/json";
        const who = r.who === "nobody" ? null : r.who === "buyer" ? buyer : operator;
        await expectNo5xx(target, { method: r.method, body: r.method === "POST" ? r.body : undefined, contentType, who });
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  /** A POST to better-auth as the prober, from its own page (better-auth checks Origin on a request with cookies). */
  async function postAuthAsProber(path: string, body: unknown): Promise<Reply> {
    const headers = signedIn(prober, { "content-type": "application/json", origin: app });
    return send(`${app}${path}`, { method: "POST", headers, body: JSON.stringify(body), from: newClientAddress() });
  }

  it("refuses update-user's name or image holding a NUL character, a number or 15,000 characters, and revoke-session's NUL token, with 400 in the error shape", async () => {
    const name = async () => (JSON.parse((await send(`${app}/api/auth/get-session`, { headers: signedIn(prober), from: newClientAddress() })).body) as { user: { name: string } }).user.name;
    const before = await name();
    const attempts: [string, unknown][] = [
      ["/api/auth/update-user", { name: "a\u0000b" }],
      ["/api/auth/update-user", { image: "a\u0000" }],
      ["/api/auth/update-user", { name: 123 }],
      ["/api/auth/update-user", { name: "x".repeat(15_000) }],
      ["/api/auth/revoke-session", { token: "\u0000" }],
    ];
    for (const [path, body] of attempts) {
      const reply = await postAuthAsProber(path, body);
      const context = `${path} ${JSON.stringify(body).slice(0, 60)} → ${reply.status} ${reply.body.slice(0, 200)}`;
      expect(reply.status, context).toBe(400);
      expectErrorShape(reply, context);
    }
    expect(await name()).toBe(before);
  });

  async function expectAuthRefusal(path: string, body: unknown, stringSent: boolean): Promise<void> {
    const reply = await postAuthAsProber(path, body);
    const context = `${path} ${JSON.stringify(body).slice(0, 160)} → ${reply.status} ${reply.body.slice(0, 300)}`;
    expect(reply.status, context).toBeLessThan(500);
    expect(reply.body, context).not.toMatch(stackTrace);
    expect(reply.headers["cache-control"], context).toBe("no-store");
    if (reply.status >= 400) expectErrorShape(reply, context);
    // No field of better-auth's takes text like these.
    if (stringSent) expect(reply.status, context).toBe(400);
  }

  it("answers a NUL character, 15,000 characters or a wrong type in each field of better-auth's endpoints, the others plausible, with a 4xx in the error shape", async () => {
    const plausible = plausibleAuthValues();
    for (const [path, fields] of Object.entries(authJsonFieldsOf)) {
      for (const field of fields) {
        // At once: every sign-up answer waits for the same floor (lib/auth/sign-up-pace.ts).
        await Promise.all(
          Object.values(hostileKinds).map((value) => {
            const body = { ...Object.fromEntries(fields.map((name) => [name, plausible[name]?.()])), [field]: value };
            return expectAuthRefusal(path, body, typeof value === "string");
          }),
        );
      }
    }
  });

  it("answers fuzzed NUL bytes, huge strings and wrong types in better-auth's fields with a 4xx in the error shape, never a 5xx", async () => {
    const plausible = plausibleAuthValues();
    const request = fc.constantFrom(...Object.entries(authJsonFieldsOf)).chain(([path, fields]) => fc.record({ path: fc.constant(path), body: hostileJsonBody(fields, plausible) }));
    await fc.assert(
      fc.asyncProperty(request, async (r) => expectAuthRefusal(r.path, JSON.parse(r.body) as unknown, false)),
      { seed: 20261208, numRuns: 200 },
    );
  });
});
