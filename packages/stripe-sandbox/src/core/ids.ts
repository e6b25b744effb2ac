import { randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomChars(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

// Lengths copied from real ids so apps that validate id shapes (or db column sizes) see the same thing.
const SHORT = new Set(["prod", "cus", "si", "req"]);

export function newId(prefix: string): string {
  return `${prefix}_${randomChars(SHORT.has(prefix) ? 14 : 24)}`;
}

/** Checkout Session ids are `cs_test_` + 58 characters; real ones start with `a1`. */
export function newCheckoutSessionId(): string {
  return `cs_test_a1${randomChars(56)}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomChars(32)}`;
}
