import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expectGoodScreen } from "./support/checks";
import { linkOf, mailOf, waitForMail } from "./support/mailbox";
import { signInAsOwner } from "./support/operator";
import { payWithCard, sandboxApi, sessionIdFrom, signUp } from "./support/storefront";
import { expect, test } from "./support/test";

// Accounts a buyer can always get back into, in both languages on a phone: a forgotten password
// reset with nothing but the mailbox (the mail read from the .eml folder the store writes), a
// used link refused, "forgot" and "sign up" answering a stranger's address like a buyer's, the
// settings page (password, devices, email, deletion that leaves nothing billing at Stripe), and
// the console mailing a reset link.

const words = {
  en: {
    email: "Email",
    password: "Password",
    signIn: "Sign in",
    signOut: "Sign out",
    forgot: "Forgot your password?",
    sendLink: "Send me a link",
    checkInbox: "Check your inbox",
    resetSubject: "Choose a new password for Storefront",
    newPassword: "New password",
    save: "Save the new password",
    changed: "Your password is changed",
    dead: "This link no longer works",
    settings: "Account settings",
    passwordHeading: "Password",
    currentPassword: "Current password",
    changePassword: "Change password",
    passwordChanged: "Your password is changed. Your other devices are signed out.",
    wrongPassword: "That is not your current password.",
    devices: "Where you're signed in",
    signOutOthers: "Sign out everywhere else",
    onlyHere: "You're signed in on this device only.",
    newEmail: "New email address",
    yourPassword: "Your password",
    changeEmail: "Change email address",
    changeSubject: "Confirm your new email address for Storefront",
    deletePassword: "Your password, to confirm",
    deleteAccount: "Delete my account",
    attemptSubject: "Someone tried to create a Storefront account with your email",
    name: "Name",
    createAccount: "Create account",
    buyStarter: "Buy Starter",
    resend: "Send the link again",
    resent: "Sent. Check your inbox.",
  },
  "zh-CN": {
    email: "邮箱",
    password: "密码",
    signIn: "登录",
    signOut: "退出",
    forgot: "忘记密码？",
    sendLink: "发送链接",
    checkInbox: "请查收邮件",
    resetSubject: "为您的 Storefront 账户设置新密码",
    newPassword: "新密码",
    save: "保存新密码",
    changed: "密码已更改",
    dead: "这个链接已失效",
    settings: "账户设置",
    passwordHeading: "密码",
    currentPassword: "当前密码",
    changePassword: "更改密码",
    passwordChanged: "密码已更改，您的其他设备已退出登录。",
    wrongPassword: "这不是您当前的密码。",
    devices: "登录的设备",
    signOutOthers: "退出其他所有设备",
    onlyHere: "您只在本设备上登录。",
    newEmail: "新邮箱地址",
    yourPassword: "您的密码",
    changeEmail: "更改邮箱地址",
    changeSubject: "请确认您在 Storefront 的新邮箱地址",
    deletePassword: "请输入密码以确认",
    deleteAccount: "删除我的账户",
    attemptSubject: "有人尝试用您的邮箱注册 Storefront 账户",
    name: "姓名",
    createAccount: "注册",
    buyStarter: "购买入门套餐",
    resend: "重新发送链接",
    resent: "已发送，请查收邮件。",
  },
} as const;

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new kettle song";

async function signIn(page: Page, w: (typeof words)[keyof typeof words], email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: w.signIn, exact: true }).click();
  await expect(page.getByRole("button", { name: w.signOut })).toBeVisible();
}

async function askForReset(page: Page, w: (typeof words)[keyof typeof words], email: string): Promise<string> {
  await page.getByLabel(w.email).fill(email);
  await page.getByRole("button", { name: w.sendLink }).click();
  const answer = page.getByRole("status");
  await expect(answer.getByRole("heading", { name: w.checkInbox })).toBeVisible();
  return (await answer.innerText()).replace(email, "<email>");
}

for (const language of ["en", "zh-CN"] as const) {
  const w = words[language];
  test.describe(`accounts in ${language} at 360 px`, () => {
    test.use({ locale: language, viewport: { width: 360, height: 780 }, reducedMotion: "reduce" });

    test("a buyer who forgot their password gets back in with only their mailbox, and the link works once", async ({ page }) => {
      const email = await signUp(page, language);
      await page.getByRole("button", { name: w.signOut }).click();

      await page.goto("/sign-in");
      await page.getByRole("link", { name: w.forgot }).click();
      await expectGoodScreen(page, "forgot password");
      const told = await askForReset(page, w, email);
      await expectGoodScreen(page, "forgot password, sent");
      await page.goto("/forgot-password");
      expect(await askForReset(page, w, `nobody-${randomUUID()}@example.com`)).toBe(told);

      const mail = await waitForMail(email, "resetPassword");
      expect(mail.subject).toBe(w.resetSubject);
      await page.goto(linkOf(mail));
      await expectGoodScreen(page, "choose a new password");
      await page.getByLabel(w.newPassword).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: w.save }).click();
      await expect(page.getByRole("heading", { name: w.changed })).toBeVisible();
      await signIn(page, w, email, NEW_PASSWORD);

      await page.goto(linkOf(mail));
      await expect(page.getByRole("heading", { name: w.dead })).toBeVisible();
      await expectGoodScreen(page, "a used reset link");
    });

    test("signing up with a registered address looks the same, and its owner is told by mail", async ({ page }) => {
      const email = await signUp(page, language);
      await page.getByRole("button", { name: w.signOut }).click();

      await page.goto("/sign-up");
      await page.getByLabel(w.name).fill("Someone Else");
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password).fill("somebody else's passphrase");
      await page.getByRole("button", { name: w.createAccount, exact: true }).click();

      await expect(page.getByRole("heading", { name: w.checkInbox })).toBeVisible();
      expect((await waitForMail(email, "signUpAttempt")).subject).toBe(w.attemptSubject);
    });

    test("a buyer who has not confirmed their address yet can sign in, and the account page asks them to and sends the link again", async ({ page }) => {
      const email = `unconfirmed-${randomUUID()}@example.com`;
      await page.goto("/sign-up");
      await page.getByLabel(w.name).fill("Unconfirmed Buyer");
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password).fill(PASSWORD);
      await page.getByRole("button", { name: w.createAccount, exact: true }).click();
      await expect(page.getByRole("heading", { name: w.checkInbox })).toBeVisible();
      await expectGoodScreen(page, "sign-up, check your inbox");
      await waitForMail(email, "verifyEmail");

      await signIn(page, w, email, PASSWORD);
      await page.goto("/account");
      await page.getByRole("button", { name: w.resend }).click();
      await expect(page.getByRole("status").filter({ hasText: w.resent })).toBeVisible();
      await expectGoodScreen(page, "the account page of an unconfirmed buyer");
      await page.goto(linkOf(await waitForMail(email, "verifyEmail", 2)));
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("button", { name: w.resend })).toHaveCount(0);
    });

    test("settings: a wrong current password is refused, a new one signs other devices out, the email moves through its link", async ({ page, browser }) => {
      const email = await signUp(page, language);
      const phone = await browser.newContext({ locale: language, extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${language === "en" ? 201 : 202}` } });
      await signIn(await phone.newPage(), w, email, PASSWORD);

      await page.goto("/account/settings");
      await expect(page.getByRole("list", { name: w.devices }).getByRole("listitem")).toHaveCount(2);
      await expectGoodScreen(page, "account settings");
      const password = page.getByRole("region", { name: w.passwordHeading, exact: true });
      await password.getByLabel(w.currentPassword).fill("not my password at all");
      await password.getByLabel(w.newPassword).fill(NEW_PASSWORD);
      await password.getByRole("button", { name: w.changePassword }).click();
      await expect(password.getByRole("alert")).toHaveText(w.wrongPassword);
      await password.getByLabel(w.currentPassword).fill(PASSWORD);
      await password.getByRole("button", { name: w.changePassword }).click();
      await expect(password.getByRole("status")).toHaveText(w.passwordChanged);
      await page.reload();
      await expect(page.getByText(w.onlyHere)).toBeVisible();
      await phone.close();

      const next = `moved-${randomUUID()}@example.com`;
      await page.getByLabel(w.newEmail).fill(next);
      await page.getByLabel(w.yourPassword, { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: w.changeEmail }).click();
      const confirm = await waitForMail(next, "changeEmail");
      expect(confirm.subject).toBe(w.changeSubject);
      await page.goto(linkOf(confirm));
      await expect(page).toHaveURL(/\/account\/settings$/);
      await expect(page.getByRole("main").getByText(next)).toBeVisible();
    });

    test("deleting an account with a subscription leaves nothing billing at Stripe", { tag: "@sandbox" }, async ({ page, request }) => {
      const email = await signUp(page, language);
      await page.goto("/");
      await page.getByRole("button", { name: w.buyStarter, exact: true }).click();
      await page.waitForURL(/\/c\/pay\/cs_test_/);
      const sessionId = sessionIdFrom(page);
      await payWithCard(page, "4242424242424242");
      await page.waitForURL(/\/success\?session_id=/);
      const { subscription } = await sandboxApi<{ subscription: string }>(request, `checkout/sessions/${sessionId}`);

      await page.goto("/account/settings");
      await page.getByLabel(w.deletePassword).fill("not my password at all");
      await page.getByRole("button", { name: w.deleteAccount }).click();
      await expect(page.getByText(w.wrongPassword)).toBeVisible();
      await page.getByLabel(w.deletePassword).fill(PASSWORD);
      await page.getByRole("button", { name: w.deleteAccount }).click();

      await expect(page.getByRole("banner").getByRole("link", { name: w.signIn, exact: true })).toBeVisible();
      expect((await sandboxApi<{ status: string }>(request, `subscriptions/${subscription}`)).status).toBe("canceled");
      await page.goto("/sign-in");
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password, { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: w.signIn, exact: true }).click();
      await expect(page.locator("form").getByRole("alert")).toBeVisible();
    });
  });
}

test("the store owner mails a locked-out buyer a reset link from the console, and the audit log records it", async ({ page, browser }) => {
  const buyerContext = await browser.newContext({ locale: "en", extraHTTPHeaders: { "x-forwarded-for": "203.0.113.210" } });
  const email = await signUp(await buyerContext.newPage());
  await buyerContext.close();

  await signInAsOwner(page);
  await page.goto("/admin/buyers");
  await page.getByRole("searchbox", { name: "Email or id" }).fill(email);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("list", { name: "Results" }).getByRole("link", { name: email }).click();
  const help = page.getByRole("region", { name: "Password reset link" });
  await help.getByLabel("Reason").fill("called support: locked out");
  await help.getByRole("button", { name: "Send a reset link" }).click();
  await expect(help.getByRole("status")).toHaveText("Sent to the buyer's address. The audit log records it.");

  const mail = await waitForMail(email, "resetPassword");
  expect(mail.text).toContain("support team");
  await expect(page.getByRole("list", { name: "Audit log" }).getByRole("listitem").filter({ hasText: "sent a password reset link" })).toContainText("called support: locked out");
  expect(await mailOf(email, "resetPassword")).toHaveLength(1);
});
