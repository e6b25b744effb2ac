import { describe, expect, it } from "vitest";
import { ApiRequestError, describeError, type ErrorTexts } from "@/components/api-client";

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
