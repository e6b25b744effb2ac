import { test as base } from "@playwright/test";

// Each test is a different buyer on a different network, as in real life: the storefront's and
// better-auth's per-IP rate limits then apply per test (the config sets TRUST_PROXY_HOPS=1: the test
// runner plays the proxy that writes X-Forwarded-For).
let clientNumber = 0;

export const test = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, provide, testInfo) => {
    clientNumber += 1;
    await provide({ ...extraHTTPHeaders, "x-forwarded-for": `198.51.100.${(testInfo.workerIndex * 50 + clientNumber) % 250}` });
  },
});

export { expect } from "@playwright/test";
