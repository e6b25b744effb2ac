import { describe, expect, it } from "vitest";
import { mailDirectory } from "@/lib/mail/mail-settings";
import { mailSettled, sendMail } from "@/lib/mail/outbox";
import { mailTo, parseEml } from "@/test-support/eml";
import { startSmtpSink } from "@/test-support/smtp-sink";

// Mail leaves the store in one of two ways: over SMTP when SMTP_URL is set, else as an .eml file in
// $STOREFRONT_DATA_DIR/mail/ (the test setup gives each file its own data folder).

const facts = { name: "Mail Tester", url: "https://shop.example/api/auth/reset-password/abc?callbackURL=%2Freset-password" };

describe("without SMTP_URL", () => {
  it("writes each message as an .eml file in the data folder's mail/, with text and HTML, from the store", async () => {
    sendMail({ kind: "resetPassword", locale: "en", to: "file-reader@example.com", facts });
    await mailSettled();

    const [mail, ...others] = await mailTo(mailDirectory(), "file-reader@example.com");
    expect(others).toEqual([]);
    expect(mail?.file).toMatch(/^\d{4}-\d\d-\d\dT.*-resetPassword-file-reader@example\.com-[0-9a-f]{6}\.eml$/);
    expect(mail?.subject).toBe("Choose a new password for Storefront");
    expect(mail?.from).toMatch(/^Storefront <no-reply@/);
    expect(mail?.links).toEqual([facts.url]);
    expect(mail?.html).toContain("<a href=");
  });

  it("writes Chinese mail that reads back as Chinese", async () => {
    sendMail({ kind: "verifyEmail", locale: "zh-CN", to: "zh-reader@example.com", facts });
    await mailSettled();

    const [mail] = await mailTo(mailDirectory(), "zh-reader@example.com");
    expect(mail?.subject).toBe("请确认您在 Storefront 的邮箱地址");
    expect(mail?.text).toContain("Mail Tester，您好：");
  });
});

describe("with SMTP_URL", () => {
  it("hands the message to the mail server, from MAIL_FROM", async () => {
    const sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    process.env.MAIL_FROM = "Shop <shop@example.com>";
    try {
      sendMail({ kind: "signUpAttempt", locale: "en", to: "smtp-reader@example.com", facts: { ...facts, resetUrl: "https://shop.example/forgot-password" } });
      await mailSettled();
    } finally {
      delete process.env.SMTP_URL;
      delete process.env.MAIL_FROM;
      await sink.close();
    }

    expect(sink.messages).toHaveLength(1);
    const mail = parseEml(sink.messages[0] ?? "");
    expect(mail.to).toBe("smtp-reader@example.com");
    expect(mail.from).toBe("Shop <shop@example.com>");
    expect(mail.subject).toBe("Someone tried to create a Storefront account with your email");
    expect(mail.links).toEqual([facts.url, "https://shop.example/forgot-password"]);
  });

  it("returns at once while the mail server says nothing, and never throws", async () => {
    const sink = await startSmtpSink("stall");
    process.env.SMTP_URL = sink.url;
    const connected = new Promise<void>((resolve) => sink.onConnect(resolve));
    try {
      const started = performance.now();
      sendMail({ kind: "resetPassword", locale: "en", to: "slow@example.com", facts });
      expect(performance.now() - started).toBeLessThan(50);
      await connected;
    } finally {
      delete process.env.SMTP_URL;
      await sink.close();
    }
    // The stalled attempt fails once the server is gone; the retry writes the file instead.
    await mailSettled();
    expect(await mailTo(mailDirectory(), "slow@example.com")).toHaveLength(1);
  });
});
