// What a log line must never carry, taken out of everything the logger writes
// (lib/observability/logger.ts): values under a secret-sounding name, Stripe keys and webhook
// secrets, bearer tokens, passwords in connection strings, card numbers and full email addresses
// (kept as b***@example.com, enough to tell buyers apart in an incident, not to contact them).
// The values of the app's own secrets are also taken out wherever they appear, whatever their name.

const SECRET_NAME = /authorization|cookie|secret|token|password|passwd|signature|api[-_]?key|card[-_]?number|^cvc$|^cvv$/i;
const REDACTED = "[redacted]";

const STRIPE_KEY = /\b(?:sk|rk)_(?:test|live)_\w+/g;
const WEBHOOK_SECRET = /\bwhsec_[\w+/=]+/g;
const BEARER = /\bBearer\s+[^\s,;"']+/gi;
const URL_PASSWORD = /\/\/([^\s/:@]+):[^\s/@]+@/g;
const CARD_NUMBER = /\b[2-6](?:[ -]?\d){12,18}\b/g;
const EMAIL = /\b([\w%+-])[\w.%+-]*@((?:[a-z\d-]+\.)+[a-z]{2,})\b/gi;

/** The environment's secrets, by value: the logger takes them out of any text. */
const SECRET_VARIABLES = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "BETTER_AUTH_SECRET", "CRON_SECRET", "METRICS_TOKEN"];
/** Shorter values would take out ordinary words; every secret the app accepts is longer. */
const SHORTEST_SECRET = 12;

const MAX_DEPTH = 6;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function withoutCardNumbers(text: string): string {
  return text.replace(CARD_NUMBER, (match) => (passesLuhn(match.replace(/\D/g, "")) ? "[redacted card]" : match));
}

/** `text` with every secret, card number and full email address taken out. */
export function scrubText(text: string): string {
  let clean = text;
  for (const name of SECRET_VARIABLES) {
    const secret = process.env[name];
    if (secret && secret.length >= SHORTEST_SECRET && clean.includes(secret)) clean = clean.replaceAll(secret, REDACTED);
  }
  clean = clean
    .replace(STRIPE_KEY, "[redacted stripe key]")
    .replace(WEBHOOK_SECRET, "[redacted webhook secret]")
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(URL_PASSWORD, `//$1:${REDACTED}@`)
    .replace(EMAIL, "$1***@$2");
  return /\d{13}/.test(clean.replace(/[ -]/g, "")) ? withoutCardNumbers(clean) : clean;
}

function scrubError(error: Error, depth: number): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: scrubText(error.message) };
  if (error.stack) fields.stack = scrubText(error.stack);
  const { code } = error as { code?: unknown };
  if (typeof code === "string" || typeof code === "number") fields.code = code;
  if (error.cause !== undefined) fields.cause = scrubValue(error.cause, depth + 1);
  return fields;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubText(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) return scrubError(value, depth);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Headers) return scrubFields(Object.fromEntries(value), depth + 1);
  if (isPlainObject(value)) return scrubFields(value, depth);
  // Anything else is written as JSON.stringify would write it, so that is what gets scrubbed.
  const { toJSON } = value as { toJSON?: unknown };
  return scrubValue(typeof toJSON === "function" ? (toJSON as () => unknown).call(value) : { ...value }, depth + 1);
}

function scrubFields(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    clean[name] = SECRET_NAME.test(name) && field !== undefined && field !== null ? REDACTED : scrubValue(field, depth + 1);
  }
  return clean;
}

/** A log line's fields with every secret, card number and full email address taken out. */
export function scrubFieldsOf(fields: Record<string, unknown>): Record<string, unknown> {
  return scrubFields(fields, 0);
}
