import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeSmtp } from "@/lib/mail/mail-settings";
import { banner } from "./banner";
import { BUYER_ROUTES, warmUp } from "./warm-up";

// The launcher's own output and its warm-up. The launcher as a whole (`npm run dev`) starts Next,
// which takes longer than a unit test should; packages/stripe-sandbox/test/wait-for.test.ts
// covers the sandbox holding its deliveries until the app answers.

/** A made-up key, assembled here so that no secret scanner takes the fixture for a real one. */
function fakeKey(kind: "sk" | "rk", mode: "test" | "live", body: string): string {
  return [kind, mode, body].join("_");
}

describe("the launcher's banner", () => {
  it("names the app, the embedded database, the offline sandbox with its dashboard, and the test card", () => {
    const text = banner({
      appUrl: "http://localhost:3000",
      databaseUrl: "postgresql://postgres:postgres@127.0.0.1:54329/postgres",
      embeddedDir: path.join(process.cwd(), ".data", "pglite"),
      stripeKey: "sk_test_sandbox",
      sandboxUrl: "http://127.0.0.1:12111",
      mail: { folder: path.join(process.cwd(), ".data", "mail") },
    });
    expect(text.split("\n")).toEqual([
      "",
      "  Storefront ready",
      "  App:       http://localhost:3000",
      `  Database:  embedded PGlite in ${path.join(".data", "pglite")}`,
      "  Stripe:    offline Stripe sandbox at http://127.0.0.1:12111 (dashboard: http://127.0.0.1:12111/_sandbox)",
      `  Mail:      written to ${path.join(".data", "mail")}/ as .eml files (no SMTP_URL)`,
      "  Test card: 4242 4242 4242 4242, any future date, any CVC",
      "",
    ]);
  });

  it("shows an embedded database outside the working directory by its full path", () => {
    const text = banner({ appUrl: "http://localhost:3000", databaseUrl: "postgresql://x@127.0.0.1:1/postgres", embeddedDir: "/tmp/devcheck/pglite", stripeKey: "sk_test_sandbox", sandboxUrl: "http://127.0.0.1:12111", mail: { folder: "/tmp/devcheck/mail" } });
    expect(text).toContain("  Database:  embedded PGlite in /tmp/devcheck/pglite\n");
  });

  it("names a PostgreSQL server by host and database and a Stripe account by mode and last four, hiding the secrets", () => {
    const text = banner({
      appUrl: "http://localhost:3000",
      databaseUrl: "postgresql://shop:s3cret-pass@db.internal:5433/storefront?sslmode=require",
      stripeKey: fakeKey("sk", "test", "51AbCdEfGhIjKlMnOp0wxyz"),
      mail: { smtp: describeSmtp("smtps://mailer:sm7p-pass@smtp.mail.example:465") },
    });
    expect(text).toContain("  Database:  PostgreSQL at db.internal:5433/storefront (DATABASE_URL)\n");
    expect(text).toContain("  Stripe:    Stripe test mode, key sk_test_…wxyz\n");
    expect(text).toContain("  Test card: 4242 4242 4242 4242");
    expect(text).toContain("  Mail:      sent through smtps://smtp.mail.example:465 (SMTP_URL)\n");
    expect(text).not.toMatch(/s3cret|shop|sslmode|51AbCd|mailer|sm7p/);
  });

  it("says a live key is live, names another API base, and offers no test card there", () => {
    const text = banner({ appUrl: "http://localhost:3000", databaseUrl: "not a url", stripeKey: fakeKey("rk", "live", "notarealkey1234"), stripeApiBase: "http://127.0.0.1:12999", mail: { smtp: "smtp://127.0.0.1:25" } });
    expect(text).toContain("  Database:  PostgreSQL (DATABASE_URL)\n");
    expect(text).toContain("  Stripe:    Stripe LIVE mode, key rk_live_…1234, API at http://127.0.0.1:12999\n");
    expect(text).not.toContain("Test card");
  });
});

describe("warming the buyer's routes", () => {
  it("requests every route once, in order, pages by GET and API routes by OPTIONS, following no redirect", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === "/account") res.writeHead(307, { Location: "/sign-in?next=/account" }).end();
      else res.writeHead(req.method === "OPTIONS" ? 204 : 200).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await warmUp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(BUYER_ROUTES.map(({ method, path }) => `${method} ${path}`));
    expect(seen[0]).toBe("GET /");
    expect(seen.filter((line) => line.includes("/api/")).every((line) => line.startsWith("OPTIONS "))).toBe(true);
  });

  it("never throws, whatever the server answers or if nothing answers at all", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/") res.destroy();
      else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(warmUp(base)).resolves.toBeUndefined();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(warmUp(base, BUYER_ROUTES.slice(0, 2))).resolves.toBeUndefined();
  });
});
