import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutStarted } from "@/lib/api-contract/checkout-api";
import { paymentStatusAnswer } from "@/lib/api-contract/payment-status-api";
import { ApiRequestError, describeError, fetchJson, postJson, type ErrorTexts } from "@/components/api-client";

const english: ErrorTexts = { network: "offline", fallback: "went wrong", unexpected: "odd answer", byCode: {} };
const chinese: ErrorTexts = { network: "无法连接", fallback: "出了点问题", unexpected: "意外", byCode: { rate_limit_exceeded: "请求过于频繁" } };

describe("the words a buyer reads when a request fails", () => {
  it("say the server was not reached when it was not", () => {
    expect(describeError(new ApiRequestError(0, undefined, undefined), chinese)).toBe("无法连接");
  });

  it("are the buyer's language's text for the API's error code", () => {
    expect(describeError(new ApiRequestError(429, "rate_limit_exceeded", "Too many requests. Try again in 12 s."), chinese)).toBe("请求过于频繁");
  });

  it("are the API's own, more specific message in English", () => {
    expect(describeError(new ApiRequestError(429, "rate_limit_exceeded", "Too many requests. Try again in 12 s."), english)).toBe(
      "Too many requests. Try again in 12 s.",
    );
  });

  it("fall back to a general apology for an answer without a message, or a failure that is not the API's", () => {
    expect(describeError(new ApiRequestError(502, undefined, undefined), english)).toBe("went wrong");
    expect(describeError(new TypeError("boom"), chinese)).toBe("出了点问题");
  });
});

describe("answers the client reads", () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string } = { status: 200, body: "{}" };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("are parsed by the schema the route answers by", async () => {
    answer = { status: 200, body: JSON.stringify({ url: "https://checkout.example/pay", sessionId: "cs_test_1", extra: true }) };
    expect(await postJson(`${base}/api/create-checkout-session`, { priceId: "price_1" }, async () => checkoutStarted)).toEqual({ url: "https://checkout.example/pay", sessionId: "cs_test_1" });
  });

  it("read as unexpected when a 2xx answer is not what the route promises", async () => {
    answer = { status: 200, body: JSON.stringify({ url: 42 }) };
    const failure = await postJson(`${base}/api/create-checkout-session`, { priceId: "price_1" }, async () => checkoutStarted).catch((error: unknown) => error);
    expect(describeError(failure, english)).toBe("odd answer");
    answer = { status: 200, body: "<html>" };
    const garbled = await fetchJson(`${base}/api/check-payment-status/cs_test_1`, async () => paymentStatusAnswer).catch((error: unknown) => error);
    expect(describeError(garbled, english)).toBe("odd answer");
  });

  it("carry the API's code and message when they are errors", async () => {
    answer = { status: 409, body: JSON.stringify({ error: { code: "plan_already_active", message: "You already have a plan.", type: "invalid_request_error" } }) };
    const failure = await postJson(`${base}/api/create-checkout-session`, { priceId: "price_1" }, async () => checkoutStarted).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 409, code: "plan_already_active", serverMessage: "You already have a plan." });
  });
});
