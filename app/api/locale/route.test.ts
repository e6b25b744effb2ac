import { describe, expect, it } from "vitest";
import { POST as chooseLocale } from "@/app/api/locale/route";

function choose(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return chooseLocale(
    new Request("http://app.test/api/locale", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.1`, ...headers },
      body,
    }),
    undefined,
  );
}

describe("POST /api/locale", () => {
  it("remembers the language for a year and sends the browser back to the page it came from", async () => {
    const response = await choose("locale=zh-CN", { referer: "http://app.test/sign-in?next=%2F%3Fbuy%3Dmedium_pack", "sec-fetch-site": "same-origin" });

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2F%3Fbuy%3Dmedium_pack");
    expect(response.headers.get("set-cookie")).toBe("NEXT_LOCALE=zh-CN; Path=/; Max-Age=31536000; SameSite=Lax");
  });

  it("never sends the browser to another site named in the Referer", async () => {
    for (const referer of ["https://evil.example/phish", "http://app.test//evil.example/", "not a url"]) {
      const response = await choose("locale=en", { referer });
      expect(response.headers.get("location"), referer).toBe("/");
    }
  });

  it("refuses a language the storefront does not speak, in the API's error shape, and sets nothing", async () => {
    const response = await choose("locale=fr");

    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("refuses a switch posted from another site", async () => {
    const response = await choose("locale=zh-CN", { "sec-fetch-site": "cross-site" });

    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("takes only the form's own type: text, JSON or no type at all is refused with 415 and sets nothing", async () => {
    for (const [type, body] of [["text/plain", "locale=zh-CN"], ["application/json", '{"locale":"zh-CN"}'], ["multipart/form-data; boundary=x", "locale=zh-CN"]] as const) {
      const response = await choose(body, { "content-type": type });

      expect(response.status, type).toBe(415);
      expect(response.headers.get("set-cookie"), type).toBeNull();
      expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
    }
    const untyped = await chooseLocale(new Request("http://app.test/api/locale", { method: "POST", headers: { "x-forwarded-for": "10.9.251.1" }, body: new Blob(["locale=zh-CN"]) }), undefined);
    expect(untyped.status).toBe(415);
  });
});
