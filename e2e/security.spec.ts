import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page, Request } from "@playwright/test";
import { followVerificationLink } from "./support/mailbox";
import { appPort, sandboxUrl } from "./support/ports";
import { expect, test } from "./support/test";
import { buy, payWithCard, sandboxApi, sessionIdFrom, signUp } from "./support/storefront";

const origin = `http://127.0.0.1:${appPort}`;
const password = "correct horse battery";

/**
 * `next` values as a link would carry them, and where the buyer must end up. Each one but the
 * last two is read by some browser or parser as another host.
 */
const hostileNextValues: { next: string; lands: string }[] = [
  { next: "/%09/evil.example", lands: "/" },
  { next: "/%09%5Cevil.example", lands: "/" },
  { next: "//evil.example", lands: "/" },
  { next: "/%5Cevil.example", lands: "/" },
  { next: "/%0A/evil.example", lands: "/" },
  { next: "/%0D%0ASet-Cookie:%20injected=1", lands: "/" },
  { next: "/.//evil.example", lands: "/" },
  { next: "/%2e%2e//evil.example", lands: "/" },
  { next: "https://evil.example/", lands: "/" },
  { next: "/caf%C3%A9", lands: "/caf%C3%A9" },
  { next: "/account?note=%E2%80%A8%C3%A9", lands: "/account?note=%E2%80%A8%C3%A9" },
];

/**
 * Answers any request for another host with a page of its own, so that a redirect off the
 * storefront lands somewhere the test can see instead of failing to resolve. Also records every
 * storefront answer of 500 or more.
 */
async function watchForEscapes(page: Page): Promise<{ serverErrors: string[] }> {
  const serverErrors: string[] = [];
  await page.context().route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => route.fulfill({ contentType: "text/html", body: "<h1>Another origin</h1>" }),
  );
  page.on("response", (response) => {
    if (response.url().startsWith(origin) && response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
  });
  return { serverErrors };
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** Whether this request starts a checkout: the only call that creates (and expires) Stripe sessions. */
function isCheckoutStart(request: Request): boolean {
  return request.method() === "POST" && new URL(request.url()).pathname === "/api/create-checkout-session";
}

function recordCheckoutStarts(page: Page): Request[] {
  const starts: Request[] = [];
  page.on("request", (request) => {
    if (isCheckoutStart(request)) starts.push(request);
  });
  return starts;
}

function productCard(page: Page, name: string) {
  return page.getByRole("article").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

/** Checks the grid opened as `/?buy=…`: that card highlighted, its Buy button focused and explained. */
async function expectPreselected(page: Page, name: string): Promise<void> {
  const button = page.getByRole("button", { name: `Buy ${name}`, exact: true });
  await expect(button).toBeFocused();
  await expect(button).toHaveAccessibleDescription("Ready when you are — press Buy to continue.");
  const card = productCard(page, name);
  await expect(card.getByText("Ready when you are — press Buy to continue.")).toBeVisible();
  await expect(card).toHaveClass(/\bring-4\b/);
  await expect(card).toBeInViewport();
}

/**
 * Collects what the browser reports about the Content Security Policy on storefront pages: the
 * `securitypolicyviolation` events and the console lines Chromium writes for each refusal.
 */
async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (page.url().startsWith(origin) && /Content Security Policy/i.test(message.text())) violations.push(`console on ${page.url()}: ${message.text()}`);
  });
  await page.exposeFunction("reportCspViolation", (report: string) => {
    if (report.includes(` on ${origin}`)) violations.push(report);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report: unknown = Reflect.get(window, "reportCspViolation");
      if (typeof report !== "function") return;
      report(`${event.effectiveDirective} refused ${event.blockedURI || "inline"} on ${location.href}: ${event.sample}`);
    });
  });
  return violations;
}

/**
 * Proves the page's scripts ran: waits until React has hydrated the header, then follows the
 * header's home link, which only a hydrated page handles without a full reload (the marker set on
 * this window survives only a client-side navigation).
 */
async function expectHydrated(page: Page): Promise<void> {
  // React attaches its fiber to every node it hydrates; a page whose scripts were refused has none.
  await page.waitForFunction(() => {
    const link = document.querySelector("header a");
    return link !== null && Object.keys(link).some((key) => key.startsWith("__reactFiber$"));
  });
  await page.evaluate(() => Reflect.set(window, "sameDocumentMarker", true));
  await page.locator("header").getByRole("link", { name: "Storefront" }).click();
  await expect(page.getByRole("heading", { name: "Pricing", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => Reflect.get(window, "sameDocumentMarker"))).toBe(true);
}

test.describe("sign-in and sign-up never redirect off the storefront", () => {
  test("a signed-in visitor sent to sign-in or sign-up with a hostile next stays on the storefront", async ({ page }) => {
    const { serverErrors } = await watchForEscapes(page);
    await signUp(page);

    for (const { next, lands } of hostileNextValues) {
      for (const form of ["/sign-in", "/sign-up"]) {
        const response = await page.goto(`${form}?next=${next}`);
        expect(response?.status(), `${form}?next=${next}`).toBeLessThan(500);
        expect(page.url(), `${form}?next=${next}`).toBe(`${origin}${lands}`);
      }
    }
    // A NUL byte never gets as far as the form: the front door refuses it, and nothing redirects.
    for (const form of ["/sign-in", "/sign-up"]) {
      const response = await page.goto(`${form}?next=/%00/evil.example`);
      expect(response?.status(), `${form}?next=/%00/evil.example`).toBe(400);
      expect(page.url()).toBe(`${origin}${form}?next=/%00/evil.example`);
    }
    expect(serverErrors).toEqual([]);
  });

  // Four at a time: one sign-up, then a sign-in per value, well within one network's sign-in limit.
  const groups = [0, 4, 8].map((start) => hostileNextValues.slice(start, start + 4));
  for (const [index, group] of groups.entries()) {
    test(`a visitor who signs up and then signs in from links with hostile next values (set ${index + 1}) always ends on the storefront`, async ({ page }) => {
      const { serverErrors } = await watchForEscapes(page);
      const email = `buyer-${randomUUID()}@example.com`;
      const [first] = group;
      if (!first) throw new Error("empty group");

      await page.goto(`/sign-up?next=${first.next}`);
      await page.getByLabel("Name").fill("E2E Buyer");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Create account" }).click();
      await followVerificationLink(page, email);
      await expect(page).toHaveURL(`${origin}${first.lands}`);

      for (const { next, lands } of group) {
        await signOut(page);
        await page.goto(`/sign-in?next=${next}`);
        await page.getByLabel("Email").fill(email);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await expect(page, `next=${next}`).toHaveURL(`${origin}${lands}`);
        await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      }
      expect(serverErrors).toEqual([]);
    });
  }
});

test.describe("a ?buy= link only preselects a product", () => {
  test("a signed-in buyer with an open Starter checkout who opens /?buy=lifetime starts nothing until they press Buy", { tag: "@sandbox" }, async ({ page, request }) => {
    await signUp(page);
    await buy(page, "Starter");
    const starterSession = sessionIdFrom(page);
    const checkoutStarts = recordCheckoutStarts(page);

    await page.goto("/?buy=lifetime");
    await expectPreselected(page, "Lifetime");
    await page.waitForLoadState("networkidle");
    expect(checkoutStarts).toEqual([]);
    const starter = await sandboxApi<{ status: string }>(request, `checkout/sessions/${starterSession}`);
    expect(starter.status).toBe("open");

    await page.getByRole("button", { name: "Buy Lifetime", exact: true }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await expect(page.getByText("Lifetime").first()).toBeVisible();
    expect(checkoutStarts).toHaveLength(1);
  });

  test("a buyer who clicks Buy while signed out signs in and comes back to that product preselected, then pays on their own click", async ({ page }) => {
    const email = await signUp(page);
    await signOut(page);
    const checkoutStarts = recordCheckoutStarts(page);

    await page.goto("/");
    await page.getByRole("button", { name: "Buy Medium Points Pack", exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(`${origin}/?buy=medium_pack`);
    await expectPreselected(page, "Medium Points Pack");
    await page.waitForLoadState("networkidle");
    expect(checkoutStarts).toEqual([]);

    await page.keyboard.press("Enter");
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await expect(page.getByText("Medium Points Pack").first()).toBeVisible();
    expect(checkoutStarts).toHaveLength(1);
  });
});

test.describe("the Content Security Policy", () => {
  test("no storefront page breaks the policy, and every page hydrates and works, through a whole purchase", { tag: "@sandbox" }, async ({ page }) => {
    const violations = await recordCspViolations(page);

    // The grid, signed out: Buy is a client-side action that sends the visitor to sign in.
    await page.goto("/");
    await expectHydrated(page);
    await page.getByRole("button", { name: "Buy Small Points Pack", exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=/);

    // Sign-in, loaded on its own: a wrong password is answered in the form, which takes its script.
    await page.reload();
    await page.getByLabel("Email").fill(`nobody-${randomUUID()}@example.com`);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in\?next=/);

    // Sign-up, loaded on its own, then back to the grid signed in with the product preselected.
    await page.getByRole("main").getByRole("link", { name: /create an account/i }).click();
    await page.waitForURL(/\/sign-up\?next=/);
    await page.reload();
    const email = `buyer-${randomUUID()}@example.com`;
    await page.getByLabel("Name").fill("E2E Buyer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    // The mailed link signs the buyer in and brings them back to the grid.
    await followVerificationLink(page, email);
    await expect(page).toHaveURL(`${origin}/?buy=small_pack`);
    await expectPreselected(page, "Small Points Pack");

    // The purchase: checkout is a top-level navigation to Stripe, which the policy does not limit.
    await page.getByRole("button", { name: "Buy Small Points Pack", exact: true }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await payWithCard(page, "4242424242424242");
    await page.waitForURL(/\/success\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(page.getByText("Your balance: 200 coins")).toBeVisible();
    await expectHydrated(page);

    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expectHydrated(page);

    await buy(page, "Large Points Pack");
    await page.getByRole("link", { name: "Back" }).click();
    await expect(page.getByRole("heading", { name: "Checkout canceled" })).toBeVisible();
    await expectHydrated(page);

    const notFound = await page.goto("/no-such-page");
    expect(notFound?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectHydrated(page);

    expect(violations).toEqual([]);
  });

  test("each page answer carries a fresh nonce, and every script in it has that nonce", async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ["/", "/", "/sign-in", "/sign-up", "/cancel", "/no-such-page"]) {
      const response = await request.get(path);
      const policy = response.headers()["content-security-policy"] ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce, path).toBeDefined();
      nonces.add(nonce ?? "");
      // Stripe.js's embedded Checkout: locally, the sandbox's origin exactly, for its script and frame.
      expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${sandboxUrl};`);
      expect(policy).toContain(`frame-src 'self' ${sandboxUrl};`);
      expect(policy).not.toContain("unsafe-");
      const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(6);
  });
});

test.describe("framing and response headers", () => {
  test("a page on another origin that frames the account page shows nothing of it", async ({ page }) => {
    await signUp(page);
    // Another origin (another port) on this machine, so that Chromium's private-network rules do
    // not refuse the frame before the storefront's own headers get the chance to.
    const framer = createServer((request, response) => {
      response.setHeader("content-type", "text/html");
      response.end(request.url === "/own" ? "<p>The framer's own page</p>" : `<iframe src="/own"></iframe><iframe src="${origin}/account"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
    try {
      const blocked = page.waitForEvent("requestfailed", (request) => request.url() === `${origin}/account`);
      await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
      expect((await blocked).failure()?.errorText).toBe("net::ERR_BLOCKED_BY_RESPONSE");

      await expect(page.frameLocator("iframe").first().getByText("The framer's own page")).toBeVisible();
      const accountFrame = page.frames().find((frame) => frame !== page.mainFrame() && !frame.url().endsWith("/own"));
      expect(accountFrame?.url()).not.toContain(origin);
      expect(await accountFrame?.evaluate(() => document.body.innerText)).not.toContain("Your account");
    } finally {
      await new Promise((resolve) => framer.close(resolve));
    }
  });

  test("pages, API answers and static files all carry the security headers", async ({ page }) => {
    await signUp(page);
    const html = await (await page.request.get("/")).text();
    const stylesheet = /href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();

    const pages = ["/", "/account", "/sign-in", "/no-such-page"];
    const api = ["/api/account", "/api/create-checkout-session", "/api/no-such-route"];
    for (const path of [...pages, ...api, stylesheet ?? "", "/icon.svg"]) {
      const headers = (await page.request.get(path, { maxRedirects: 0 })).headers();
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["permissions-policy"], path).toContain("camera=()");
      expect(headers["permissions-policy"], path).toContain("payment=()");
      expect(headers["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
    }
    for (const path of pages) {
      const policy = (await page.request.get(path)).headers()["content-security-policy"] ?? "";
      for (const directive of ["default-src 'self'", "img-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
        expect(policy.split("; "), path).toContain(directive);
      }
    }
    for (const path of api) {
      const headers = (await page.request.get(path)).headers();
      expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers["cache-control"], path).toBe("no-store");
    }
  });
});
