import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { locales } from "@/lib/i18n/locales";
import { composeMail, mailMessages, type MailKind } from "@/lib/mail/compose";

// Every message the store sends, in both languages: the same keys in each, valid ICU, nothing left
// untranslated or unfilled, the store's name and the link in both the text and the HTML.

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") found.set(name, value);
    else for (const [leaf, text] of leaves(value, name)) found.set(leaf, text);
  }
  return found;
}

const english = leaves(mailMessages.en);
const chinese = leaves(mailMessages["zh-CN"]);
const kinds: MailKind[] = ["verifyEmail", "changeEmail", "signUpAttempt", "emailInUse", "resetPassword"];
const link = "https://shop.example/api/auth/verify?token=a&b=<c>";

describe("the store's mail messages", () => {
  it("has exactly the same keys in English and Chinese", () => {
    expect([...english.keys()].filter((key) => !chinese.has(key))).toEqual([]);
    expect([...chinese.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it("is valid ICU in both languages, says something different in Chinese, and uses no placeholder English lacks", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((match) => match[1]);
    for (const [key, value] of english) {
      const other = chinese.get(key) ?? "";
      expect(() => new IntlMessageFormat(value, "en"), key).not.toThrow();
      expect(() => new IntlMessageFormat(other, "zh-CN"), key).not.toThrow();
      expect(other, key).not.toBe(value);
      expect(placeholders(other).filter((name) => !placeholders(value).includes(name)), key).toEqual([]);
    }
  });

  describe.each(locales)("in %s", (locale) => {
    it.each(kinds)("composes %s with its subject, the store's name, a greeting and the link in text and HTML, every placeholder filled", (kind) => {
      const mail = composeMail(kind, locale, { name: "Ada <Lovelace>", url: link, resetUrl: "https://shop.example/forgot-password", byOperator: true });

      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).toContain(mail.storeName);
      expect(mail.text).toContain(link);
      expect(mail.text).toContain("Ada <Lovelace>");
      expect(mail.html).toContain(link.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
      expect(mail.html).toContain("Ada &lt;Lovelace&gt;");
      expect(mail.html).not.toContain("<Lovelace>");
      expect(mail.html).toContain(`lang="${locale}"`);
      for (const words of [mail.subject, mail.text, mail.html]) expect(words).not.toMatch(/\{\w+\}/);
    });
  });

  it("greets without a name when there is none", () => {
    expect(composeMail("resetPassword", "en", { name: " ", url: link }).text).toMatch(/^Hello,\n/);
    expect(composeMail("resetPassword", "zh-CN", { name: "", url: link }).text).toMatch(/^您好：\n/);
  });

  it("says the support team sent a reset link only when they did", () => {
    expect(composeMail("resetPassword", "en", { name: "A", url: link, byOperator: true }).text).toContain("support team");
    expect(composeMail("resetPassword", "en", { name: "A", url: link }).text).not.toContain("support team");
  });

  it("writes Chinese mail in Chinese", () => {
    const mail = composeMail("resetPassword", "zh-CN", { name: "李雷", url: link });
    expect(mail.subject).toBe("为您的 Storefront 账户设置新密码");
    expect(mail.text).toContain("1 小时内有效");
  });
});
