import { expect, type Page } from "@playwright/test";
import { followVerificationLink } from "./mailbox";

// The store owner: ADMIN_EMAILS names this email in the end-to-end run (playwright.config.ts), so
// signing up makes them an operator. Every test signs in as the same owner: through the sign-in
// form once the account exists, else by signing up and following the link the store mails.

export const OWNER_EMAIL = "owner@store.e2e.example";
const OWNER_PASSWORD = "owner's long passphrase 42";

const words = {
  en: { name: "Name", email: "Email", password: "Password", createAccount: "Create account", signIn: "Sign in", signOut: "Sign out", checkInbox: "Check your inbox" },
  "zh-CN": { name: "姓名", email: "邮箱", password: "密码", createAccount: "注册", signIn: "登录", signOut: "退出", checkInbox: "请查收邮件" },
} as const;

/** Signs the store owner in, in the page's language: through sign-in, or the first time through sign-up and its mailed link. */
export async function signInAsOwner(page: Page, language: keyof typeof words = "en"): Promise<void> {
  const word = words[language];
  await page.goto("/sign-in");
  await page.getByLabel(word.email).fill(OWNER_EMAIL);
  await page.getByLabel(word.password).fill(OWNER_PASSWORD);
  await page.getByRole("button", { name: word.signIn, exact: true }).click();
  const signedIn = page.getByRole("button", { name: word.signOut });
  await expect(signedIn.or(page.locator("form").getByRole("alert"))).toBeVisible();
  if (await signedIn.isVisible()) return;
  await page.goto("/sign-up");
  await page.getByLabel(word.name).fill("Store Owner");
  await page.getByLabel(word.email).fill(OWNER_EMAIL);
  await page.getByLabel(word.password).fill(OWNER_PASSWORD);
  await page.getByRole("button", { name: word.createAccount, exact: true }).click();
  await expect(page.getByRole("heading", { name: word.checkInbox })).toBeVisible();
  await followVerificationLink(page, OWNER_EMAIL);
  await expect(signedIn).toBeVisible();
}
