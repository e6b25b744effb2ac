import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoute } from "@/lib/http/api-route";
import { serveBehindFrontDoor, type FrontDoorServer } from "@/test-support/front-door-server";

// Requests Next cannot hand to a route handler, met at the socket as `next start` meets them. The
// server here plays Next: it calls the route's export for the method it is given, so a route path
// (/api/…) reaches apiRoute's own answers and any other path a page.

const { GET, OPTIONS } = apiRoute({ GET: async () => Response.json({ ok: true }) }, { rateLimit: "none" });

let server: FrontDoorServer;
beforeAll(async () => {
  server = await serveBehindFrontDoor({ GET, OPTIONS }, "http://app.test");
});
afterAll(() => server.close());

const ask = (path: string, method: string) => server.send(path, { client: "192.0.2.40", method });

function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write(request));
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

function body(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
}

describe("the front door", () => {
  // Node parses all of these; Next answered each on an API path with an empty 400 and no Allow.
  const uncommon = ["PROPFIND", "SEARCH", "QUERY", "PURGE", "LINK", "MKCOL", "REPORT", "LOCK", "ACL", "BIND", "SOURCE", "SUBSCRIBE", "M-SEARCH", "TRACE"];

  it.each(uncommon)("hands %s on an API path to the route, which answers 405 with its own Allow in the error shape", async (method) => {
    const response = await ask("/api/thing", method);

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed", message: `${method} is not allowed here; use GET or HEAD.` } });
  });

  it("answers an uncommon method on a page itself: 405, pages are read with GET or HEAD", async () => {
    const response = await ask("/account", "PROPFIND");

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("ignores a client's own claim to an uncommon method: a plain OPTIONS is still answered 204", async () => {
    const response = await server.send("/api/thing", { client: "192.0.2.41", method: "OPTIONS", headers: { "x-storefront-uncommon-method": "PROPFIND" } });

    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("refuses a NUL character anywhere in the path or query with 400 before any route runs", async () => {
    for (const path of ["/api/thing/%00", "/account/receipts/a%00", "/api/thing?q=a%00b", "/success?session_id=%00"]) {
      const response = await ask(path, "GET");

      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: "The request path or query holds a NUL character (%00)." } });
    }
  });

  it("answers CONNECT with 405 in the error shape and closes the connection, even as a new server's first request", async () => {
    const fresh = await serveBehindFrontDoor({ GET }, "http://app.test");
    try {
      for (const target of ["127.0.0.1:443", "/api/thing"]) {
        const answer = await raw(fresh.port, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);

        expect(answer, target).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
        expect(answer, target).toMatch(/\r\nConnection: close\r\n/);
        expect(body(answer), target).toMatchObject({ error: { code: "method_not_allowed", message: "CONNECT is not supported: this server is not a proxy." } });
      }
    } finally {
      await fresh.close();
    }
  });
});
