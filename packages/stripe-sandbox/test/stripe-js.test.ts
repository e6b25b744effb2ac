import { runInNewContext } from "node:vm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";

type Listener = (event: { data: unknown; source: unknown; origin: string }) => void;
type FakeFrame = { src: string; title: string; style: { cssText: string; height: string }; contentWindow: object; parentNode: FakeElement | null; setAttribute(k: string, v: string): void };
type FakeElement = { nodeType: 1; children: FakeFrame[]; appendChild(f: FakeFrame): void; removeChild(f: FakeFrame): void };
type EmbeddedCheckout = { mount(target: string): void; unmount(): void; destroy(): void };
type StripeJs = { createEmbeddedCheckoutPage(o: object): Promise<EmbeddedCheckout>; initEmbeddedCheckout(o: object): unknown };
type StripeConstructor = ((key: unknown) => StripeJs) & { version: string };

/** Just the DOM the stand-in touches: one mount point, iframes, message listeners and location. */
function fakeBrowser(scriptSrc: string) {
  const listeners: Listener[] = [];
  const assigned: string[] = [];
  const mountPoint: FakeElement = {
    nodeType: 1,
    children: [],
    appendChild(frame) {
      frame.parentNode = mountPoint;
      mountPoint.children.push(frame);
    },
    removeChild(frame) {
      mountPoint.children.splice(mountPoint.children.indexOf(frame), 1);
      frame.parentNode = null;
    },
  };
  const window: Record<string, unknown> = {
    addEventListener: (_type: string, fn: Listener) => listeners.push(fn),
    removeEventListener: (_type: string, fn: Listener) => listeners.splice(listeners.indexOf(fn), 1),
    location: { assign: (url: string) => assigned.push(url) },
  };
  const document = {
    currentScript: { src: scriptSrc },
    querySelector: (selector: string) => (selector === "#checkout" ? mountPoint : null),
    createElement: (): FakeFrame => ({ src: "", title: "", style: { cssText: "", height: "" }, contentWindow: {}, parentNode: null, setAttribute() {} }),
  };
  return {
    window,
    mountPoint,
    assigned,
    post: (data: unknown, source: unknown, origin: string) => listeners.forEach((fn) => fn({ data, source, origin })),
    load(source: string): StripeConstructor {
      runInNewContext(source, { window, document, URL, Promise, Error });
      return window["Stripe"] as StripeConstructor;
    },
  };
}

describe("the Stripe.js stand-in", () => {
  let h: Harness;
  let source: string;
  let secret: string;
  beforeAll(async () => {
    h = await startHarness();
    const res = await fetch(`${h.sandbox.url}/v3/`);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    source = await res.text();
    const product = await h.stripe.products.create({ name: "Coins" });
    const price = await h.stripe.prices.create({ product: product.id, unit_amount: 500, currency: "usd" });
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      ui_mode: "embedded_page",
      line_items: [{ price: price.id, quantity: 1 }],
      return_url: "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}",
    });
    secret = String(session.client_secret);
  });
  afterAll(() => h.close());

  it("is served at Stripe.js's paths and names the release train loadStripe expects", async () => {
    const train = Stripe.API_VERSION.split(".")[1] ?? "";
    expect(await (await fetch(`${h.sandbox.url}/${train}/stripe.js`)).text()).toBe(source);
    const StripeJs = fakeBrowser(`${h.sandbox.url}/v3/`).load(source);
    expect(StripeJs.version).toBe(train);
  });

  it("is callable without new, as loadStripe calls it, and refuses anything but a test publishable key", () => {
    const StripeJs = fakeBrowser(`${h.sandbox.url}/v3/`).load(source);
    expect(typeof StripeJs("pk_test_storefront").createEmbeddedCheckoutPage).toBe("function");
    expect(() => StripeJs("sk_test_secret")).toThrow("You should not use your secret key with Stripe.js");
    expect(() => StripeJs(undefined)).toThrow("apiKey should be a string");
  });

  it("mounts the sandbox's embedded page in an iframe and sends the top window to the return_url on completion", async () => {
    const browser = fakeBrowser(`${h.sandbox.url}/v3/`);
    const stripe = browser.load(source)("pk_test_storefront");
    const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret: () => Promise.resolve(secret) });
    checkout.mount("#checkout");
    const frame = browser.mountPoint.children[0];
    expect(frame).toMatchObject({ src: `${h.sandbox.url}/c/embed/${secret}`, title: "Embedded Checkout" });
    const page = await fetch(frame?.src ?? "");
    expect(page.status).toBe(200);

    const message = { type: "stripe-sandbox:embedded-checkout", event: "complete", redirect: "https://shop.example/return?session_id=cs_test_x" };
    browser.post(message, {}, h.sandbox.url);
    browser.post(message, frame?.contentWindow, "https://evil.example");
    expect(browser.assigned).toEqual([]);
    browser.post({ ...message, event: "resize", height: 812.4 }, frame?.contentWindow, h.sandbox.url);
    expect(frame?.style.height).toBe("813px");
    browser.post(message, frame?.contentWindow, h.sandbox.url);
    expect(browser.assigned).toEqual([message.redirect]);
  });

  it("calls onComplete when the session does not redirect", async () => {
    const browser = fakeBrowser(`${h.sandbox.url}/v3/`);
    let completed = 0;
    const checkout = await browser.load(source)("pk_test_storefront").createEmbeddedCheckoutPage({ clientSecret: secret, onComplete: () => completed++ });
    checkout.mount("#checkout");
    browser.post({ type: "stripe-sandbox:embedded-checkout", event: "complete", redirect: null }, browser.mountPoint.children[0]?.contentWindow, h.sandbox.url);
    expect(completed).toBe(1);
    expect(browser.assigned).toEqual([]);
  });

  it("allows one Embedded Checkout at a time, and none after destroy until a new one is created", async () => {
    const browser = fakeBrowser(`${h.sandbox.url}/v3/`);
    const stripe = browser.load(source)("pk_test_storefront");
    const first = await stripe.createEmbeddedCheckoutPage({ clientSecret: secret });
    await expect(stripe.createEmbeddedCheckoutPage({ clientSecret: secret })).rejects.toThrow("You cannot have multiple Embedded Checkout objects.");
    first.mount("#checkout");
    first.unmount();
    expect(browser.mountPoint.children).toHaveLength(0);
    first.mount("#checkout");
    first.destroy();
    expect(browser.mountPoint.children).toHaveLength(0);
    expect(() => first.mount("#checkout")).toThrow("destroyed");
    await expect(stripe.createEmbeddedCheckoutPage({ clientSecret: secret })).resolves.toBeDefined();
  });

  it("rejects a missing or malformed client secret, and the pre-dahlia initEmbeddedCheckout", async () => {
    const browser = fakeBrowser(`${h.sandbox.url}/v3/`);
    const stripe = browser.load(source)("pk_test_storefront");
    await expect(stripe.createEmbeddedCheckoutPage({})).rejects.toThrow("You must provide one of either `fetchClientSecret` or `clientSecret`.");
    await expect(stripe.createEmbeddedCheckoutPage({ fetchClientSecret: () => Promise.resolve("pi_123_secret_abc") })).rejects.toThrow("Invalid client secret");
    expect(() => stripe.initEmbeddedCheckout({ clientSecret: secret })).toThrow("createEmbeddedCheckoutPage");
  });
});
