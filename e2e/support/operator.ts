import { expect, type Page } from "@playwright/test";

// The store owner: ADMIN_EMAILS names this email in the end-to-end run (playwright.config.ts), so
// signing up makes them an operator. Every test signs in as the same owner: the sign-up form
// answers a taken email as a new one and then signs in, so this works first and every later time.

export const OWNER_EMAIL = "owner@store.e2e.example";
const OWNER_PASSWORD = "owner's long passphrase 42";

const words = {
  en: { name: "Name", email: "Email", password: "Password", createAccount: "Create account", signOut: "Sign out" },
  "zh-CN": { name: "姓名", email: "邮箱", password: "密码", createAccount: "注册", signOut: "退出" },
} as const;

/** Signs the store owner in through the sign-up form, in the page's language. */
export async function signInAsOwner(page: Page, language: keyof typeof words = "en"): Promise<void> {
  const word = words[language];
  await page.goto("/sign-up");
  await page.getByLabel(word.name).fill("Store Owner");
  await page.getByLabel(word.email).fill(OWNER_EMAIL);
  await page.getByLabel(word.password).fill(OWNER_PASSWORD);
  await page.getByRole("button", { name: word.createAccount, exact: true }).click();
  await expect(page.getByRole("button", { name: word.signOut })).toBeVisible();
}
