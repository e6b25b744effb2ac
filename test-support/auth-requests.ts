import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { mailDirectory } from "@/lib/mail/mail-settings";
import { mailSettled } from "@/lib/mail/outbox";
import { mailTo, type ReadMail } from "@/test-support/eml";

// The auth routes as a browser calls them, for the tests of accounts: each caller on a network of
// its own (better-auth's per-address limits then never carry over between tests), the mail they
// cause read from the .eml folder (lib/mail/ writes there without SMTP_URL).

export const ORIGIN = "http://app.test";
export const PASSWORD = "correct horse battery";

let networks = 0;
/** A client address no other caller in this test file uses. */
export function newNetwork(prefix = "10.78"): string {
  networks += 1;
  return `${prefix}.${networks >> 8}.${networks & 255}`;
}

export const newEmail = () => `buyer-${randomUUID()}@example.com`;

export interface Caller {
  ip: string;
  cookie?: string;
  language?: string;
}

export function authRequest(path: string, caller: Caller, init: { body?: unknown; method?: string } = {}): Request {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": caller.ip, origin: ORIGIN });
  if (caller.cookie) headers.set("cookie", caller.cookie);
  if (caller.language) headers.set("accept-language", caller.language);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Request(`${ORIGIN}/api/auth${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

export const postAuth = (path: string, caller: Caller, body: unknown) => POST(authRequest(path, caller, { body }), undefined);
export const getAuth = (path: string, caller: Caller) => GET(authRequest(path, caller), undefined);

export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

export const signUp = (caller: Caller, email: string, password = PASSWORD) => postAuth("/sign-up/email", caller, { name: "Account Tester", email, password });

export async function signIn(caller: Caller, email: string, password = PASSWORD): Promise<Response> {
  return postAuth("/sign-in/email", caller, { email, password });
}

/** A new account, signed in: its email and a caller that carries its session. */
export async function signedInBuyer(language?: string): Promise<{ email: string; caller: Caller }> {
  const email = newEmail();
  const caller: Caller = { ip: newNetwork(), ...(language && { language }) };
  expect((await signUp(caller, email)).status).toBe(200);
  const answer = await signIn(caller, email);
  expect(answer.status).toBe(200);
  return { email, caller: { ...caller, cookie: cookiesOf(answer) } };
}

/** The messages sent to `to` so far, once every message handed over has been written. */
export async function mailFor(to: string): Promise<ReadMail[]> {
  await mailSettled();
  return mailTo(mailDirectory(), to);
}

export interface ErrorShape {
  status: number;
  code: string;
  type: string;
  message: string;
}

/** The response's error, after checking that the body is the API's error shape and nothing else. */
export async function errorOf(response: Response): Promise<ErrorShape> {
  const body = (await response.json()) as { error: Omit<ErrorShape, "status"> };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "type"]);
  return { status: response.status, ...body.error };
}

/** Every value replaced by its type: two answers alike in this are alike to a client. */
export function shapeOf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value === null ? "null" : typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]));
}
