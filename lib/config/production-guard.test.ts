import { describe, expect, it } from "vitest";
import { missingProductionSettings, refusalMessage } from "@/lib/config/production-guard";

// Production refuses to start without what a real store needs; development and the demo fill it in.

const secrets = { BETTER_AUTH_SECRET: "a-secret", STRIPE_SECRET_KEY: "sk_test_given", STRIPE_WEBHOOK_SECRET: "whsec_given" };

describe("the production start guard", () => {
  it("names SMTP_URL missing in production, where password-reset mail must reach buyers", () => {
    expect(missingProductionSettings({ NODE_ENV: "production", ...secrets })).toEqual(["SMTP_URL"]);
    expect(refusalMessage(["SMTP_URL"])).toMatch(/^Refusing to start in production without SMTP_URL\.\n.*STOREFRONT_DEMO=1.*mail written to files/);
  });

  it("asks nothing more once SMTP_URL is set, nor of the demo or of development", () => {
    expect(missingProductionSettings({ NODE_ENV: "production", ...secrets, SMTP_URL: "smtp://mail.example" })).toEqual([]);
    expect(missingProductionSettings({ NODE_ENV: "production", STOREFRONT_DEMO: "1" })).toEqual([]);
    expect(missingProductionSettings({ NODE_ENV: "development" })).toEqual([]);
  });
});
