import { chromium, type Page } from "@playwright/test";
import type { AppInstance } from "@/e2e/chaos/app";
import type { ChaosSandbox } from "@/e2e/chaos/sandbox";
import { startCheckout, type Buyer } from "@/e2e/chaos/storefront";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";
import { nextClientIp } from "./load";

// Click Pay → the success page shows paid, in a real browser, as a buyer lives it: the sandbox's
// hosted checkout takes the card, completes the session, redirects to /success and delivers the
// webhook to the app on its own schedule, so the page shows paid through whichever lands first,
// the webhook or the status check's own read of Stripe. Its floor is a plain navigation from the
// same checkout page to the floor page. Both are timed in the page, by the same clock: from the
// click (or location.assign) to the first frame that shows the expected text.

export interface PayToPaidTimes {
  /** ms from clicking Pay to the first frame showing "Payment successful", one per purchase. */
  pay: number[];
  /** ms from navigating to the floor page to the first frame showing its text, one per purchase. */
  navigation: number[];
}

interface PayToPaidOptions {
  app: AppInstance;
  sandbox: ChaosSandbox;
  buyer: Buyer;
  priceId: string;
  purchases: number;
}

const paidHeading = "Payment successful";
const floorText = "hello";

declare global {
  interface Window {
    /** Date.now() at the first frame in which a watched text was visible, set by watchForText's script. */
    benchShownAt?: number;
  }
}

/**
 * Runs in every document before its own scripts: each animation frame (frames are only made once
 * the page can render, so render-blocking CSS counts) checks for an h1 or p reading one of the
 * watched texts and notes the time it is first visible. It is source text, not a function: tsx
 * would wrap a function's inner functions in a naming helper the page does not have.
 */
function watchForText(texts: readonly string[]): string {
  return `{
    const texts = ${JSON.stringify(texts)};
    const check = () => {
      const shown = [...document.querySelectorAll("h1, p")].some((element) => texts.includes((element.textContent ?? "").trim()) && element.checkVisibility());
      if (shown) window.benchShownAt = Date.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }`;
}

async function shownAt(page: Page, url: RegExp): Promise<number> {
  await page.waitForURL(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(() => window.benchShownAt, undefined, { timeout: 30_000 });
  return (await handle.jsonValue()) ?? Number.NaN;
}

/** Fills the checkout form as the e2e tests do, with the card that pays. */
async function openCheckout(page: Page, sandboxUrl: string, sessionId: string): Promise<void> {
  await page.goto(`${sandboxUrl}/c/pay/${sessionId}`);
  const cardMethod = page.getByLabel("Card", { exact: true });
  if (await cardMethod.count()) await cardMethod.check();
  await page.getByLabel("Email").fill("buyer@example.com");
  await page.getByLabel("Card number").fill("4242424242424242");
  await page.getByLabel("Expiration").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Cardholder name").fill("Bench Buyer");
}

function cookiesOf(buyer: Buyer, appUrl: string): { name: string; value: string; url: string }[] {
  return buyer.cookie.split("; ").map((pair) => {
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: appUrl };
  });
}

/**
 * Untimed purchases first: no other arm runs the hosted page's payment, the sandbox's webhook
 * deliveries or the success page's own settlement, so without these the first timed purchases
 * would measure code the JIT has not compiled yet, on this path only and not on the floor's.
 */
const WARM_UP_PURCHASES = 3;

/**
 * One purchase after another by the same signed-in buyer, after the warm-up. For each, the floor
 * is taken first from the checkout page, which is then reloaded and paid.
 */
export async function payToPaid(options: PayToPaidOptions): Promise<PayToPaidTimes> {
  const { app, sandbox, buyer, priceId, purchases } = options;
  const appUrl = app.url;
  // Webhooks reach the app only during this arm (the other arms deliver every event themselves),
  // and only the events a production endpoint subscribes to.
  const listener = await sandbox.control<{ id: string }>("/_sandbox/listeners", { url: `${appUrl}/api/stripe/webhook`, events: [...handledEventTypes] });
  // The same launch options as playwright.config.ts.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const times: PayToPaidTimes = { pay: [], navigation: [] };
  try {
    // The buyer's own network, so the success page's status checks are limited per buyer.
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": nextClientIp() } });
    await context.addCookies(cookiesOf(buyer, appUrl));
    await context.addInitScript({ content: watchForText([paidHeading, floorText]) });
    const page = await context.newPage();
    for (let purchase = 0; purchase < WARM_UP_PURCHASES + purchases; purchase += 1) {
      const sessionId = await startCheckout(app, { ...buyer, ip: nextClientIp() }, priceId);

      await openCheckout(page, sandbox.url, sessionId);
      const navigatedAt = await page.evaluate((url) => {
        location.assign(url);
        return Date.now();
      }, `${appUrl}/bench-floor-page`);
      const floorShownAt = await shownAt(page, /\/bench-floor-page$/);

      await openCheckout(page, sandbox.url, sessionId);
      const clickedAt = await page.getByRole("button", { name: /^(Pay|Subscribe)$/ }).evaluate((button: HTMLElement) => {
        button.click();
        return Date.now();
      });
      const paidShownAt = await shownAt(page, /\/success\?session_id=/);

      if (purchase < WARM_UP_PURCHASES) continue;
      times.navigation.push(floorShownAt - navigatedAt);
      times.pay.push(paidShownAt - clickedAt);
    }
  } finally {
    await browser.close();
    await fetch(`${sandbox.url}/_sandbox/listeners/${listener.id}`, { method: "DELETE" });
  }
  return times;
}
