import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../chaos/harness";
import { priceIds } from "../chaos/purchases";
import { signUp, type Buyer } from "../chaos/storefront";
import { newClientAddress, send, type Reply } from "./http-client";
import { skipWithoutPostgres } from "@/test-support/required-services";

// The built storefront (`next start`, two instances on one database, TRUST_PROXY_HOPS=0) as an
// attacker meets it over HTTP. Each test replays something an attacker once did to it.


const errorShape = {
  error: { code: expect.stringMatching(/^[a-z_]+$/) as unknown, message: expect.any(String) as unknown, type: expect.any(String) as unknown },
};
const stackTrace = /\bat [\w.<>]+ \(|node_modules|\.js:\d+:\d+|\.ts:\d+:\d+/;

function expectErrorShape(reply: Reply, context: string): void {
  expect(reply.headers["content-type"], context).toMatch(/^application\/json/);
  expect(JSON.parse(reply.body), context).toMatchObject(errorShape);
}

describe.skipIf(skipWithoutPostgres("the hostile-HTTP suite"))("a hostile client against the built storefront", () => {
  let stack: Stack;
  let app: string;
  let buyer: Buyer;
  let mediumPack: string;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false, trustProxyHops: 0 });
    app = stack.apps[0].url;
    buyer = await signUp(stack.apps[0]);
    mediumPack = (await priceIds(stack.sandbox))("medium_pack");
  });
  afterAll(async () => {
    await stack?.stop();
  });

  function signed(payload: string): string {
    return stack.sandbox.stripe.webhooks.generateTestHeaderString({ payload, secret: stack.sandbox.webhookSecret });
  }

  it("answers fuzzed requests to every API route without a 5xx or a stack trace, and every refusal in the error shape", async () => {
    const routes = [
      "/api/create-checkout-session",
      "/api/check-payment-status/cs_test_a1B2c3",
      "/api/stripe/webhook",
      "/api/account",
      "/api/billing-portal",
      "/api/usage",
      "/api/plan/preview",
      "/api/plan/change",
      "/api/cron/reconcile",
      "/api/auth/sign-in/email",
      "/api/auth/sign-up/email",
      "/api/auth/get-session",
      "/api/auth/sign-out",
      "/account/receipts/cs_test_a1B2c3",
    ];
    const oddSegment = fc.oneof(
      fc.constantFrom("%%", "%E0%A4%A", "%00", "..", "%2e%2e", "%C0%AF", "cs_test_%ff", "\u00e9", "a".repeat(3000)),
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
    );
    const target = fc.oneof(
      fc.constantFrom(...routes),
      fc.tuple(fc.constantFrom(...routes), oddSegment).map(([route, segment]) => `${route}/${segment}`),
      oddSegment.map((segment) => `/api/check-payment-status/${segment}`),
      oddSegment.map((segment) => `/api/${segment}`),
    );
    const jsonBody = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ priceId: fc.oneof(fc.string(), fc.constant(mediumPack)) }).map((value) => JSON.stringify(value)),
      fc.record({ feature: fc.string(), idempotencyKey: fc.string() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.record({ plan: fc.string(), prorationDate: fc.double() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.record({ email: fc.emailAddress(), password: fc.string(), name: fc.string() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.record({ id: fc.string(), type: fc.string(), data: fc.record({ object: fc.jsonValue() }) }).map((value) => JSON.stringify(value)),
      fc.constantFrom("null", "[]", '"text"', "{", "[".repeat(5000), `{"priceId":"${"x".repeat(17_000)}"}`),
      fc.string({ unit: "binary", maxLength: 200 }),
    );
    const request = fc.record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("GET", "HEAD", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") },
        // Methods Next has no handler for: the front door hands them to the route as OPTIONS.
        { weight: 1, arbitrary: fc.constantFrom("TRACE", "PROPFIND", "SEARCH", "QUERY", "PURGE", "LINK", "MKCOL", "REPORT", "LOCK", "ACL", "BIND", "SOURCE", "SUBSCRIBE", "M-SEARCH") },
      ),
      target,
      body: fc.option(jsonBody, { nil: undefined }),
      contentType: fc.constantFrom(undefined, "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16"),
      origin: fc.constantFrom(undefined, "same", "https://evil.example", "null"),
      fetchSite: fc.constantFrom(undefined, "same-origin", "cross-site", "same-site", "none"),
      signedIn: fc.boolean(),
      signature: fc.constantFrom(undefined, "valid", "t=1,v1=00", "garbage"),
      forwardedFor: fc.option(fc.oneof(fc.ipV4(), fc.string({ maxLength: 60 })), { nil: undefined }),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType) headers["content-type"] = r.contentType;
        if (r.origin) headers.origin = r.origin === "same" ? app : r.origin;
        if (r.fetchSite) headers["sec-fetch-site"] = r.fetchSite;
        if (r.signedIn) headers.cookie = buyer.cookie;
        if (r.forwardedFor) headers["x-forwarded-for"] = r.forwardedFor.replace(/[^\x20-\x7e]/g, "");
        if (r.signature) headers["stripe-signature"] = r.signature === "valid" ? signed(r.body ?? "") : r.signature;
        const reply = await send(`${app}${r.target}`, { method: r.method, headers, body: r.body, from: newClientAddress() });
        const context = `${r.method} ${r.target} → ${reply.status} ${reply.body.slice(0, 300)}`;
        expect(reply.status, context).toBeLessThan(500);
        expect(reply.body, context).not.toMatch(stackTrace);
        // "/api/.." is the home page by the time Next routes it; only route handlers' answers owe the shape.
        const isRoute = /^\/api\/|^\/account\/receipts\/[^/]+$/.test(new URL(r.target, app).pathname);
        // Next's own 308 from a trailing slash names no one's data.
        if (isRoute && reply.status !== 308) expect(reply.headers["cache-control"], context).toBe("no-store");
        if (isRoute && reply.status >= 400 && r.method !== "HEAD") expectErrorShape(reply, context);
      }),
      { seed: 20261124, numRuns: 400 },
    );
  });

  it("answers a method a route does not take with 405 and Allow, TRACE included, in the error shape", async () => {
    for (const method of ["GET", "PUT", "PATCH", "DELETE", "TRACE"]) {
      const reply = await send(`${app}/api/create-checkout-session`, { method, from: newClientAddress() });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow, method).toBeTruthy();
      expectErrorShape(reply, method);
    }
    const options = await send(`${app}/api/create-checkout-session`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("POST, OPTIONS");
  });

  it("answers an undecodable path, an unknown API path and bytes that are not HTTP in the error shape", async () => {
    for (const target of ["/api/check-payment-status/%%", "/api/check-payment-status/%E0%A4%A", "/api/no-such-route", "/api/plan"]) {
      const reply = await send(`${app}${target}`, { from: newClientAddress() });
      expect(reply.status, target).toBeGreaterThanOrEqual(400);
      expect(reply.status, target).toBeLessThan(500);
      expectErrorShape(reply, target);
    }
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: Number(new URL(app).port) }, () => socket.end("BREW /api/account HTTP/1.1\r\nHost: x\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toMatchObject(errorShape);
  });

  it("refuses a signed webhook whose body is not a Stripe event with 400, never 500", async () => {
    for (const payload of ["null", "[]", '"evt"', "{}", '{"id":"evt_1","type":"checkout.session.completed","data":null}']) {
      const reply = await send(`${app}/api/stripe/webhook`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signed(payload) }, body: payload });
      expect(reply.status, payload).toBe(400);
      expectErrorShape(reply, payload);
    }
  });

  it("refuses an unsigned webhook before reading its body, and a signed one over 1 MB with 413 long before it is all sent", async () => {
    const hundredMegabytes = Buffer.alloc(100 * 1024 * 1024, 0x20);
    const unsigned = await send(`${app}/api/stripe/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: hundredMegabytes, chunkSize: 256 * 1024 });
    expect(unsigned.status).toBe(400);
    expect(unsigned.bytesSentBeforeAnswer).toBeLessThan(10 * 1024 * 1024);

    // Big enough that loopback's socket buffers cannot take it all before the answer comes.
    const sixteenMegabytes = `{"id":"evt_big","pad":"${"x".repeat(16 * 1024 * 1024)}"}`;
    const declared = await send(`${app}/api/stripe/webhook`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signed(sixteenMegabytes) }, body: sixteenMegabytes, chunkSize: 64 * 1024 });
    expect(declared.status).toBe(413);
    expectErrorShape(declared, "16 MB webhook");
    expect(declared.bytesSentBeforeAnswer).toBeLessThan(sixteenMegabytes.length);

    const chunked = await send(`${app}/api/stripe/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signed(sixteenMegabytes), "transfer-encoding": "chunked" },
      body: sixteenMegabytes,
      chunkSize: 64 * 1024,
    });
    expect(chunked.status).toBe(413);
  });

  it("checks the session before reading a body: 20 MB without one gets 401 before it is all sent, and with one 413", async () => {
    const twentyMegabytes = Buffer.alloc(20 * 1024 * 1024, 0x20);
    const headers = { "content-type": "application/json", origin: app };
    const anonymous = await send(`${app}/api/create-checkout-session`, { method: "POST", headers, body: twentyMegabytes, chunkSize: 256 * 1024, from: newClientAddress() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.bytesSentBeforeAnswer).toBeLessThan(twentyMegabytes.length);

    const signedIn = await send(`${app}/api/create-checkout-session`, {
      method: "POST",
      headers: { ...headers, cookie: buyer.cookie, "transfer-encoding": "chunked" },
      body: twentyMegabytes,
      chunkSize: 256 * 1024,
      from: newClientAddress(),
    });
    expect(signedIn.status).toBe(413);
    expectErrorShape(signedIn, "20 MB signed in");
    expect(signedIn.bytesSentBeforeAnswer).toBeLessThan(twentyMegabytes.length);
  });

  it("refuses a state-changing request from another site, and a body that is not JSON", async () => {
    const body = JSON.stringify({ priceId: mediumPack });
    const attempts: [Record<string, string>, number, string][] = [
      [{ origin: "https://evil.example" }, 403, "cross_origin_request"],
      [{ origin: "null" }, 403, "cross_origin_request"],
      [{ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, 403, "cross_origin_request"],
      [{ "sec-fetch-site": "same-site" }, 403, "cross_origin_request"],
      [{ "content-type": "text/plain", origin: app }, 415, "unsupported_media_type"],
      [{ "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" }, 415, "unsupported_media_type"],
    ];
    for (const [headers, status, code] of attempts) {
      const reply = await send(`${app}/api/create-checkout-session`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: buyer.cookie, ...headers },
        body,
        from: newClientAddress(),
      });
      expect(reply.status, JSON.stringify(headers)).toBe(status);
      expect(JSON.parse(reply.body), JSON.stringify(headers)).toMatchObject({ error: { code } });
    }
    const ownPage = await send(`${app}/api/create-checkout-session`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: buyer.cookie, origin: app, "sec-fetch-site": "same-origin" },
      body,
      from: newClientAddress(),
    });
    expect(ownPage.status).toBe(200);
  });

  it("redirects a signed-in buyer only within the storefront, whatever next= says, and never answers 500", async () => {
    // Where each next= must land: a path on this site as given (percent-encoded), or the home page
    // for anything a browser could resolve elsewhere or that hides a control character.
    const landings: [next: string, landing: string][] = [
      ["/%09/evil.example", "/"],
      ["/%09%5Cevil.example", "/"],
      ["//evil.example", "/"],
      ["/%5Cevil.example", "/"],
      ["/%0A", "/"],
      ["/%0D/x", "/"],
      ["%E2%80%AE", "/"],
      ["https://evil.example", "/"],
      ["/caf%C3%A9", "/caf%C3%A9"],
      ["/account", "/account"],
    ];
    for (const [next, landing] of landings) {
      const reply = await send(`${app}/sign-in?next=${next}`, { headers: { cookie: buyer.cookie }, from: newClientAddress() });
      expect(reply.status, next).toBe(307);
      const target = new URL(String(reply.headers.location), app);
      expect(`${target.origin}${target.pathname}${target.search}`, `${next} → ${reply.headers.location}`).toBe(`${app}${landing}`);
    }
  });

  it("sends security headers with every page and API answer, and keeps personal answers out of caches", async () => {
    const pages = ["/", "/sign-in", "/sign-up", "/account", "/success?session_id=cs_test_x", "/cancel", "/no-such-page"];
    for (const page of pages) {
      const reply = await send(`${app}${page}`, { headers: { cookie: buyer.cookie }, from: newClientAddress() });
      const csp = String(reply.headers["content-security-policy"]);
      expect(csp, page).toContain("frame-ancestors 'none'");
      expect(csp, page).toMatch(/script-src [^;]*'nonce-/);
      expect(reply.headers["x-frame-options"], page).toBe("DENY");
      expect(reply.headers["x-content-type-options"], page).toBe("nosniff");
      expect(reply.headers["referrer-policy"], page).toBe("strict-origin-when-cross-origin");
      expect(reply.headers["strict-transport-security"], page).toMatch(/max-age=\d{7,}/);
      expect(reply.headers["permissions-policy"], page).toBeTruthy();
    }
    for (const target of ["/api/account", "/api/check-payment-status/cs_test_x", "/api/no-such-route"]) {
      const reply = await send(`${app}${target}`, { headers: { cookie: buyer.cookie }, from: newClientAddress() });
      expect(reply.headers["cache-control"], target).toContain("no-store");
      expect(reply.headers["x-content-type-options"], target).toBe("nosniff");
      expect(String(reply.headers["content-security-policy"]), target).toContain("frame-ancestors 'none'");
    }
  });

  it("never lets a Stripe key, a webhook secret or the auth secret reach a browser", async () => {
    const secrets = [/\b(sk|rk)_(test|live)_[A-Za-z0-9]{4,}/, /\bwhsec_[A-Za-z0-9]{8,}/];
    const exact = [stack.authSecret, stack.sandbox.webhookSecret, stack.sandbox.secretKey, stack.cronSecret];
    const bundle = path.join(".next", "static");
    const files = readdirSync(bundle, { recursive: true, encoding: "utf8" }).filter((file) => /\.(js|css|html|json)$/.test(file));
    expect(files.length).toBeGreaterThan(0);
    const shipped = files.map((file) => ({ where: file, text: readFileSync(path.join(bundle, file), "utf8") }));
    for (const page of ["/", "/account", "/sign-in", "/sign-up", "/success?session_id=cs_test_x", "/cancel"]) {
      for (const cookie of [undefined, buyer.cookie]) {
        const reply = await send(`${app}${page}`, { headers: cookie ? { cookie } : {}, from: newClientAddress() });
        shipped.push({ where: `${page} (${cookie ? "signed in" : "signed out"})`, text: reply.body });
      }
    }
    for (const { where, text } of shipped) {
      for (const pattern of secrets) expect(text, where).not.toMatch(pattern);
      for (const value of exact) expect(text.includes(value), where).toBe(false);
    }
  });
});
