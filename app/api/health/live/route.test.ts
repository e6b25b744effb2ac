import { describe, expect, it } from "vitest";
import { GET as live, POST as postLive } from "@/app/api/health/live/route";

const probe = (init: RequestInit = {}) => new Request("http://app.test/api/health/live", init);

describe("GET /api/health/live", () => {
  it("answers 200 {status: ok} while the process answers", async () => {
    const response = await live(probe(), undefined);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("tells a probe that carries a body it is not one, in the error shape", async () => {
    const response = await live(probe({ headers: { "content-length": "12" } }), undefined);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_request", message: "A health probe carries no body.", type: "invalid_request_error" } });
  });

  it("answers another method 405 with the methods it takes", async () => {
    const response = await postLive(probe({ method: "POST", body: "{}" }), undefined);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});
