import { randomUUID } from "node:crypto";
import type { AppInstance } from "./app";

// What a buyer's browser sends to the storefront, over HTTP: sign up, then start checkouts.

export interface Buyer {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly cookie: string;
  /** Each buyer comes from a network of their own, so per-IP rate limits apply per buyer. */
  readonly ip: string;
}

let buyerNumber = 0;

function nextIp(): string {
  buyerNumber += 1;
  return `10.${(buyerNumber >> 16) & 255}.${(buyerNumber >> 8) & 255}.${buyerNumber & 255}`;
}

const password = "correct horse battery";

export async function signUp(app: AppInstance): Promise<Buyer> {
  const email = `buyer-${randomUUID()}@example.com`;
  const ip = nextIp();
  const response = await fetch(`${app.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": ip },
    body: JSON.stringify({ name: "Chaos Buyer", email, password }),
  });
  if (!response.ok) throw new Error(`sign-up on ${app.name} failed: ${response.status} ${await response.text()}`);
  const { user } = (await response.json()) as { user: { id: string } };
  // Sign-up starts no session (it must answer a taken email like a new one): sign in, as the form does.
  const signedIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });
  if (!signedIn.ok) throw new Error(`sign-in on ${app.name} failed: ${signedIn.status} ${await signedIn.text()}`);
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { id: user.id, email, password, cookie, ip };
}

export async function requestCheckout(app: AppInstance, buyer: Buyer, priceId: string): Promise<Response> {
  return fetch(`${app.url}/api/create-checkout-session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, cookie: buyer.cookie, "x-forwarded-for": buyer.ip },
    body: JSON.stringify({ priceId }),
  });
}

export async function startCheckout(app: AppInstance, buyer: Buyer, priceId: string): Promise<string> {
  const response = await requestCheckout(app, buyer, priceId);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`checkout on ${app.name} failed: ${response.status} ${text}`);
  return (JSON.parse(text) as { sessionId: string }).sessionId;
}
