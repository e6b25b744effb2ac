import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { followVerificationLink } from "./mailbox";
import { sandboxUrl } from "./ports";

// What a buyer does in the browser, in the words of the pages: these helpers find things by their
// labels and roles, as a person (or a screen reader) would.

const signUpWords = {
  en: { name: "Name", email: "Email", password: "Password", createAccount: "Create account", signOut: "Sign out", checkInbox: "Check your inbox" },
  "zh-CN": { name: "姓名", email: "邮箱", password: "密码", createAccount: "注册", signOut: "退出", checkInbox: "请查收邮件" },
} as const;

/**
 * Signs a new buyer up through the form, in the page's language, and in through the link the store
 * mails (read from the .eml folder); returns their email.
 */
export async function signUp(page: Page, language: keyof typeof signUpWords = "en"): Promise<string> {
  const words = signUpWords[language];
  const email = `buyer-${randomUUID()}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel(words.name).fill("E2E Buyer");
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill("correct horse battery");
  await page.getByRole("button", { name: words.createAccount, exact: true }).click();
  await expect(page.getByRole("heading", { name: words.checkInbox })).toBeVisible();
  await followVerificationLink(page, email);
  await expect(page.getByRole("button", { name: words.signOut })).toBeVisible();
  return email;
}

/** The account page's coin history: one list item per change of the balance. */
export function coinHistory(page: Page): Locator {
  return page.getByRole("list", { name: /^(Coin history|金币记录)$/ });
}

/** The account page's purchase history: one list item per checkout. */
export function purchaseHistory(page: Page): Locator {
  return page.getByRole("list", { name: /^(Purchase history|购买记录)$/ });
}

/** Clicks Buy on the grid and waits for Stripe's checkout page. */
export async function buy(page: Page, productName: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: `Buy ${productName}`, exact: true }).click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
}

export function sessionIdFrom(page: Page): string {
  const match = /\/c\/pay\/(cs_test_[A-Za-z0-9]+)/.exec(page.url());
  if (!match?.[1]) throw new Error(`not on a checkout page: ${page.url()}`);
  return match[1];
}

/** Stripe's form: its hosted page, or the frame of an embedded Checkout. */
type PaymentForm = Page | FrameLocator;

async function fillCard(page: PaymentForm, card: string): Promise<void> {
  const cardMethod = page.getByLabel("Card", { exact: true });
  // Real Checkout shows no method choice when cards are the only method.
  if (await cardMethod.count()) await cardMethod.check();
  await page.getByLabel("Email").fill("buyer@example.com");
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiration").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Cardholder name").fill("E2E Buyer");
}

export async function payWithCard(page: PaymentForm, card: string): Promise<void> {
  await fillCard(page, card);
  await page.getByRole("button", { name: /^(Pay|Subscribe|Start trial)$/ }).click();
}

export async function payByBankDebit(page: Page): Promise<void> {
  await page.getByLabel("Email").fill("buyer@example.com");
  await page.getByLabel("Async bank debit").check();
  await page.getByRole("button", { name: /^(Pay|Subscribe)$/ }).click();
}

export async function sandboxControl(request: APIRequestContext, path: string, body?: object): Promise<unknown> {
  const response = body
    ? await request.post(`${sandboxUrl}${path}`, { data: body })
    : await request.get(`${sandboxUrl}${path}`);
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** Reads (or, with a form, writes) the sandbox's Stripe API as the account owner would in the Dashboard. */
export async function sandboxApi<T>(request: APIRequestContext, path: string, form?: Record<string, string>): Promise<T> {
  const headers = { authorization: "Bearer sk_test_sandbox" };
  const url = `${sandboxUrl}/v1/${path}`;
  const response = form ? await request.post(url, { headers, form }) : await request.get(url, { headers });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export async function paymentIntentOf(request: APIRequestContext, sessionId: string): Promise<string> {
  const session = await sandboxApi<{ payment_intent: string | null }>(request, `checkout/sessions/${sessionId}`);
  if (!session.payment_intent) throw new Error(`session ${sessionId} has no PaymentIntent yet`);
  return session.payment_intent;
}

export async function completionEventOf(request: APIRequestContext, sessionId: string): Promise<string> {
  const { data } = await sandboxApi<{ data: { id: string; data: { object: { id: string } } }[] }>(
    request,
    "events?type=checkout.session.completed&limit=100",
  );
  const event = data.find((e) => e.data.object.id === sessionId);
  if (!event) throw new Error(`no checkout.session.completed event for ${sessionId}`);
  return event.id;
}
