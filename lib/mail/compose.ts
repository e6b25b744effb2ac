import { createTranslator } from "next-intl";
import type { Locale } from "@/lib/i18n/locales";
import en from "@/lib/i18n/messages/en.json";
import mailEn from "@/lib/i18n/messages/account/mail.en.json";
import mailZh from "@/lib/i18n/messages/account/mail.zh-CN.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";

// Every message the store sends, in the buyer's language: plain text and a simple HTML version
// of the same words, signed with the store's name (the header's brand). The words live in
// lib/i18n/messages/account/mail.<locale>.json; compose.test.ts holds both languages to the same
// keys and renders every message in each.

export const mailMessages: Record<Locale, typeof mailEn> = { en: mailEn, "zh-CN": mailZh };
const storeNames: Record<Locale, string> = { en: en.header.brand, "zh-CN": zhCN.header.brand };

export type MailKind = "verifyEmail" | "changeEmail" | "signUpAttempt" | "emailInUse" | "resetPassword";

export interface MailFacts {
  /** The account holder's name; the greeting leaves it out when empty. */
  name: string;
  /** Where the message's button leads. */
  url: string;
  /** signUpAttempt: where to choose a new password. */
  resetUrl?: string;
  /** resetPassword: sent by the store's support team from the console. */
  byOperator?: boolean;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  storeName: string;
}

interface Layout {
  subject: string;
  /** Before the button. */
  lead: string[];
  action: { label: string; url: string };
  /** After the button: a second link if any, then the paragraphs. */
  link?: { label: string; url: string };
  tail: string[];
}

function layoutOf(kind: MailKind, locale: Locale, facts: MailFacts): { layout: Layout; common: (key: "greeting" | "greetingNoName" | "linkFallback" | "signature" | "footer") => string } {
  const store = storeNames[locale];
  const t = createTranslator({ locale, messages: mailMessages[locale] });
  const common = (key: "greeting" | "greetingNoName" | "linkFallback" | "signature" | "footer") => t(key, { name: facts.name, store });
  const action = (label: string) => ({ label, url: facts.url });
  const layouts: Record<MailKind, () => Layout> = {
    verifyEmail: () => ({
      subject: t("verifyEmail.subject", { store }),
      lead: [t("verifyEmail.body", { store })],
      action: action(t("verifyEmail.action")),
      tail: [t("verifyEmail.expiry"), t("verifyEmail.notYou")],
    }),
    changeEmail: () => ({
      subject: t("changeEmail.subject", { store }),
      lead: [t("changeEmail.body", { store })],
      action: action(t("changeEmail.action")),
      tail: [t("changeEmail.expiry"), t("changeEmail.notYou")],
    }),
    signUpAttempt: () => ({
      subject: t("signUpAttempt.subject", { store }),
      lead: [t("signUpAttempt.body", { store }), t("signUpAttempt.ifYou")],
      action: action(t("signUpAttempt.action")),
      ...(facts.resetUrl && { link: { label: t("signUpAttempt.reset"), url: facts.resetUrl } }),
      tail: [t("signUpAttempt.notYou")],
    }),
    emailInUse: () => ({
      subject: t("emailInUse.subject", { store }),
      lead: [t("emailInUse.body", { store }), t("emailInUse.ifYou")],
      action: action(t("emailInUse.action")),
      tail: [t("emailInUse.notYou")],
    }),
    resetPassword: () => ({
      subject: t("resetPassword.subject", { store }),
      lead: [t("resetPassword.body", { store }), ...(facts.byOperator ? [t("resetPassword.byOperator")] : [])],
      action: action(t("resetPassword.action")),
      tail: [t("resetPassword.expiry"), t("resetPassword.notYou")],
    }),
  };
  return { layout: layouts[kind](), common };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const PARAGRAPH = 'style="margin:0 0 16px;font-size:16px;line-height:1.5;color:#0f172a"';
const SMALL = 'style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#475569"';
const BUTTON = 'style="display:inline-block;padding:12px 20px;border-radius:8px;background:#4338ca;color:#ffffff;font-weight:600;text-decoration:none"';

export function composeMail(kind: MailKind, locale: Locale, facts: MailFacts): ComposedMail {
  const { layout, common } = layoutOf(kind, locale, facts);
  const greeting = facts.name.trim() ? common("greeting") : common("greetingNoName");
  const text = [
    greeting,
    ...layout.lead,
    `${layout.action.label}:\n${layout.action.url}`,
    ...(layout.link ? [`${layout.link.label}\n${layout.link.url}`] : []),
    ...layout.tail,
    common("signature"),
    common("footer"),
  ].join("\n\n");

  const paragraph = (words: string) => `<p ${PARAGRAPH}>${escapeHtml(words)}</p>`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(layout.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,\'Segoe UI\',\'PingFang SC\',\'Microsoft YaHei\',sans-serif">',
    '<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px">',
    paragraph(greeting),
    ...layout.lead.map(paragraph),
    `<p style="margin:24px 0"><a href="${escapeHtml(layout.action.url)}" ${BUTTON}>${escapeHtml(layout.action.label)}</a></p>`,
    `<p ${SMALL}>${escapeHtml(common("linkFallback"))}<br><a href="${escapeHtml(layout.action.url)}" style="color:#4338ca;word-break:break-all">${escapeHtml(layout.action.url)}</a></p>`,
    ...(layout.link ? [`<p ${PARAGRAPH}>${escapeHtml(layout.link.label)}<br><a href="${escapeHtml(layout.link.url)}" style="color:#4338ca;word-break:break-all">${escapeHtml(layout.link.url)}</a></p>`] : []),
    ...layout.tail.map(paragraph),
    paragraph(common("signature")),
    `<p ${SMALL}>${escapeHtml(common("footer"))}</p>`,
    "</div></body></html>",
  ].join("\n");

  return { subject: layout.subject, text, html, storeName: storeNames[locale] };
}
