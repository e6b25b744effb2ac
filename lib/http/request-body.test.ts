import { describe, expect, it } from "vitest";
import { readFormWithin, readJsonWithin } from "@/lib/http/request-body";

function post(body: string | undefined, contentType?: string): Request {
  return new Request("http://app.test/api/thing", { method: "POST", headers: contentType ? { "content-type": contentType } : {}, body });
}

describe("a JSON body", () => {
  it("is refused with 400 when any string or key in it holds a NUL character, however deep", async () => {
    const bodies = ['{"name":"a\\u0000b"}', '{"a\\u0000":1}', '["ok",{"deep":[["\\u0000"]]}]', '"\\u0000"', `${"[".repeat(4000)}"\\u0000"${"]".repeat(4000)}`];
    for (const body of bodies) {
      await expect(readJsonWithin(post(body, "application/json")), body.slice(0, 30)).rejects.toMatchObject({ code: "invalid_request", status: 400 });
    }
  });

  it("keeps text that only spells a backslash and u0000", async () => {
    expect(await readJsonWithin(post('{"note":"\\\\u0000"}', "application/json"))).toEqual({ note: "\\u0000" });
  });

  it("is refused with 415 when it says it is anything but JSON, even when empty, or says nothing", async () => {
    for (const [body, type] of [["", "text/plain"], [undefined, "application/x-www-form-urlencoded"], ["{}", "text/plain"], ["{}", undefined]] as const) {
      await expect(readJsonWithin(post(body, type)), `${type} ${body}`).rejects.toMatchObject({ code: "unsupported_media_type", status: 415 });
    }
  });

  it("may be absent from a request that declares no type, or JSON", async () => {
    expect(await readJsonWithin(post(undefined))).toBeUndefined();
    expect(await readJsonWithin(post("", "application/json"))).toBeUndefined();
    expect(await readJsonWithin(post('{"flow":"x"}', "application/json; charset=utf-8"))).toEqual({ flow: "x" });
  });
});

describe("a form body", () => {
  it("is read only when sent as a plain HTML form sends it", async () => {
    expect((await readFormWithin(post("locale=en", "application/x-www-form-urlencoded"), 1024)).get("locale")).toBe("en");
    for (const type of [undefined, "text/plain", "application/json", "multipart/form-data; boundary=x"]) {
      await expect(readFormWithin(post("locale=en", type), 1024), String(type)).rejects.toMatchObject({ code: "unsupported_media_type" });
    }
  });
});
