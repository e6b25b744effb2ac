import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/api-error";
import { enforceRateLimit, sharedLimiter } from "@/lib/http/rate-limit";
import { skipWithout } from "@/test-support/required-services";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

async function passedOf(limiter: RateLimiterAbstract, key: string, hits: number): Promise<number> {
  const outcomes = await Promise.all(
    Array.from({ length: hits }, () =>
      limiter.consume(key).then(
        () => true,
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return false;
          throw rejection;
        },
      ),
    ),
  );
  return outcomes.filter(Boolean).length;
}

describe("shared rate limits", () => {
  afterEach(() => {
    delete process.env.REDIS_URL;
  });

  it("let exactly the allowed number of 150 simultaneous hits through when counted in the database", async () => {
    const limiter = sharedLimiter({ name: `test-${randomUUID()}`, points: 100, durationSeconds: 60 })();
    expect(await passedOf(limiter, "198.51.100.1", 150)).toBe(100);
    expect(await passedOf(limiter, "198.51.100.2", 1)).toBe(1);
  });

  it("let exactly the allowed number through when counted in Redis by two limiters, as two instances would", async ({ skip }) => {
    if (skipWithout("Redis", !(await redisAnswers(redisUrl)), "the Redis limiter test", `start redis-server at ${redisUrl} or set TEST_REDIS_URL`)) skip(`no Redis at ${redisUrl}`);
    process.env.REDIS_URL = redisUrl;
    const rule = { name: `test-${randomUUID()}`, points: 100, durationSeconds: 60 };
    const [first, second] = [sharedLimiter(rule)(), sharedLimiter(rule)()];
    const passed = await Promise.all([passedOf(first, "198.51.100.1", 75), passedOf(second, "198.51.100.1", 75)]);
    expect(passed[0] + passed[1]).toBe(100);
  });

  it("refuse the public API's 101st request in a minute from one client with 429 and Retry-After", async () => {
    const request = new Request("http://app.test/api/account", { headers: { "x-forwarded-for": `192.0.2.${Math.floor(Math.random() * 250)}` } });
    for (let hit = 0; hit < 100; hit += 1) await enforceRateLimit(request);
    const refusal = await enforceRateLimit(request).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: "rate_limit_exceeded", status: 429 });
    expect(Number((refusal as ApiError).headers["Retry-After"])).toBeGreaterThan(0);
  });
});
