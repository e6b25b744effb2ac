import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPaymentSession, startHarness, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const ICON_LINK = /<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml,[^"]+">/;

describe("the sandbox's favicon", () => {
  it("answers GET /favicon.ico with an SVG icon instead of a 404", async () => {
    const res = await fetch(`${h.sandbox.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("is linked inline from every kind of hosted page, so browsers need not ask for it", async () => {
    const session = await openPaymentSession(h.stripe);
    const challenge = await fetch(session.url ?? "", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "icon@example.com", method: "card", cardNumber: "4000000000003220", cardExpiry: "12 / 34", cardCvc: "123" }).toString(),
    });
    const pages = [session.url ?? "", new URL(challenge.headers.get("location") ?? "", h.sandbox.url).toString(), `${h.sandbox.url}/_sandbox`, `${h.sandbox.url}/no/such/page`];
    for (const url of pages) expect(await (await fetch(url)).text(), url).toMatch(ICON_LINK);
  });
});
