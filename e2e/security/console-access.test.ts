import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../chaos/harness";
import { priceIds } from "../chaos/purchases";
import { signUp, startCheckout, type Buyer } from "../chaos/storefront";
import { skipWithoutPostgres } from "@/test-support/required-services";

// The operator's console as everyone but an operator meets it: every /admin page and every
// /api/admin route, found on disk (a new one is covered the day it is written), asked by a
// signed-out visitor, a signed-in buyer and an operator. Only the operator learns it exists;
// nobody else changes anything through it.

type Who = "visitor" | "buyer" | "operator";

function filesNamed(name: string, dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === name)
    .map((file) => path.join(dir, file));
}

/** `app/admin/buyers/[userId]/page.tsx` → `/admin/buyers/[userId]`. */
function urlPathOf(file: string): string {
  return `/${path.dirname(file).split(path.sep).slice(1).join("/")}`;
}

const pages = filesNamed("page.tsx", "app/admin").map(urlPathOf).sort();
const routes = filesNamed("route.ts", "app/api/admin")
  .map((file) => ({ path: urlPathOf(file), methods: [...readFileSync(file, "utf8").matchAll(/\b(GET|POST)\s*:/g)].map((m) => m[1] ?? "") }))
  .sort((a, b) => a.path.localeCompare(b.path));

describe.skipIf(skipWithoutPostgres("the console access suite"))("who may use the operator's console", () => {
  let stack: Stack;
  let app: string;
  let buyer: Buyer;
  let operator: Buyer;
  let samples: Record<string, string>;
  let database: pg.Client;

  const auditRows = async (): Promise<number> => Number((await database.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log_entry`)).rows[0]?.n);

  function headersOf(who: Who, extra: Record<string, string> = {}): Record<string, string> {
    const client = who === "operator" ? operator : buyer;
    return { "x-forwarded-for": client.ip, ...(who === "visitor" ? {} : { cookie: client.cookie }), ...extra };
  }

  /** The path with each [segment] filled with a real id of its kind. */
  function concrete(template: string): string {
    return template.replace(/\[(\w+)\]/g, (_whole, segment: string) => {
      const value = samples[segment];
      if (!value) throw new Error(`add a sample id for [${segment}] (${template}) to e2e/security/console-access.test.ts`);
      return encodeURIComponent(value);
    });
  }

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false });
    app = stack.apps[0].url;
    [buyer, operator] = [await signUp(stack.apps[0]), await signUp(stack.apps[0])];
    database = new pg.Client({ connectionString: stack.database.url });
    await database.connect();
    // As `npm run admin -- grant` does (lib/admin/roles.ts), straight in the database of the running stack.
    await database.query(`UPDATE "user" SET role = 'admin' WHERE id = $1`, [operator.id]);
    const sessionId = await startCheckout(stack.apps[0], buyer, (await priceIds(stack.sandbox))("medium_pack"));
    samples = { userId: buyer.id, sessionId, eventId: "evt_console_access_unknown", id: buyer.id };
  });
  afterAll(async () => {
    await database?.end();
    await stack?.stop();
  });

  it("finds the console's pages and routes on disk", () => {
    expect(pages).toContain("/admin");
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route.methods, route.path).not.toEqual([]);
  });

  it.each(pages)("shows %s to an operator and the 404 page to a visitor and a buyer", async (page) => {
    const url = `${app}${concrete(page)}`;
    for (const who of ["visitor", "buyer"] as const) {
      const response = await fetch(url, { headers: headersOf(who), redirect: "manual" });
      expect(response.status, `${who} at ${page}`).toBe(404);
      expect(await response.text(), `${who} at ${page}`).not.toMatch(/Store console|商店控制台/);
    }
    const response = await fetch(url, { headers: headersOf("operator"), redirect: "manual" });
    expect(response.status, `operator at ${page}`).toBe(200);
  });

  it.each(routes.map((route) => [route.path, route] as const))("answers %s for an operator only: 404 in the error shape for anyone else, and nothing changes", async (_path, route) => {
    for (const method of route.methods) {
      const before = await auditRows();
      const url = `${app}${concrete(route.path)}`;
      const body = method === "POST" ? JSON.stringify({ reason: "probing", submissionId: crypto.randomUUID(), amount: 100, delta: 100 }) : undefined;
      for (const who of ["visitor", "buyer"] as const) {
        const response = await fetch(url, { method, body, headers: headersOf(who, { "content-type": "application/json" }) });
        expect(response.status, `${who} ${method} ${route.path}`).toBe(404);
        expect(await response.json(), `${who} ${method} ${route.path}`).toMatchObject({ error: { code: "not_found" } });
      }
      expect(await auditRows(), `audit rows after the refused ${method} ${route.path}`).toBe(before);
      // The operator reaches the route itself: whatever it answers, it is not the missing-route 404.
      const answer = await fetch(url, { method, body: method === "POST" ? "{}" : undefined, headers: headersOf("operator", { "content-type": "application/json" }) });
      const text = await answer.text();
      expect(text, `operator ${method} ${route.path}`).not.toContain("There is no API route");
      expect(answer.status, `operator ${method} ${route.path}`).toBeLessThan(500);
    }
  });

  it("refuses an operator's state-changing request sent from another site", async () => {
    for (const route of routes.filter((r) => r.methods.includes("POST"))) {
      const response = await fetch(`${app}${concrete(route.path)}`, {
        method: "POST",
        body: JSON.stringify({ reason: "cross-site", submissionId: crypto.randomUUID() }),
        headers: headersOf("operator", { "content-type": "application/json", "sec-fetch-site": "cross-site" }),
      });
      expect(response.status, route.path).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "cross_origin_request" } });
    }
  });
});
