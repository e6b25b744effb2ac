import fc from "fast-check";

// What an attacker puts where text, numbers and ids are expected: NUL characters (which
// PostgreSQL refuses in text and jsonb), strings near the 16 kB body ceiling, and every other JSON
// type; and the fields each of our own routes reads, so that one hostile field can be sent with
// every other field plausible and reach the code behind their checks.

/** One of each kind, for a sweep of every field. */
export const hostileKinds: Record<string, unknown> = {
  "a NUL character": "a\u0000b",
  "15,000 characters": "x".repeat(15_000),
  "a number": 12345,
  "a fraction": 1.5,
  "a boolean": true,
  null: null,
  "an array": ["a"],
  "an object": { a: "b" },
};

/** The same kinds, as a query value (a URL carries text only; 4,000 characters stay under Node's header limit). */
export const hostileQueryValues: Record<string, string> = {
  "a NUL character": "a%00b",
  "4,000 characters": "x".repeat(4_000),
  "quotes and a semicolon": encodeURIComponent(`'; DROP TABLE purchase; --`),
  "text outside the BMP": encodeURIComponent("😀\u202e"),
};

const nulText = fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([before, after]) => `${before}\u0000${after}`);
const hugeText = fc.constantFrom(300, 5_000, 15_000).map((length) => "x".repeat(length));
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
);
const hostileValue = fc.oneof(nulText, hugeText, wrongType);

/** A path segment or query value: a NUL, a long run, or odd text, percent-encoded. */
export const hostileSegment = fc.oneof(nulText, fc.constantFrom("a".repeat(3000), "cs_test_a1B2c3"), fc.string({ maxLength: 40 })).map(encodeURIComponent);

/**
 * The JSON fields each of our own POST routes reads. Not here: the webhook (its body is Stripe's,
 * checked by signature first), the cron route (no body), the language switch (a form, swept on its
 * own) and better-auth's routes.
 */
export const jsonFieldsOf: Record<string, readonly string[]> = {
  "/api/create-checkout-session": ["priceId"],
  "/api/usage": ["feature", "idempotencyKey"],
  "/api/plan/preview": ["plan"],
  "/api/plan/change": ["plan", "prorationDate"],
  "/api/billing-portal": ["flow"],
  "/api/account/sessions/revoke": ["sessionId"],
  "/api/admin/buyers/adjust-coins": ["userId", "delta", "reason", "submissionId"],
  "/api/admin/buyers/cancel-subscription": ["userId", "subscriptionId", "when", "reason", "submissionId"],
  "/api/admin/refunds": ["checkoutSessionId", "amountCents", "reason", "submissionId"],
  "/api/admin/events/replay": ["eventId", "reason", "submissionId"],
  "/api/admin/events/catch-up": ["since", "reason", "submissionId"],
  "/api/admin/reconcile": ["reason", "submissionId"],
  "/api/admin/buyers/send-password-reset": ["userId", "reason", "submissionId"],
};
export const notSweptPosts = ["/api/stripe/webhook", "/api/cron/reconcile", "/api/locale", "/api/auth/[...all]"];

/** The query fields each of our own GET routes reads. */
export const queryFieldsOf: Record<string, readonly string[]> = {
  "/api/admin/purchases": ["q", "status", "product", "from", "to", "cursor"],
  "/api/admin/events": ["type", "outcome", "q", "cursor"],
  "/api/admin/audit": ["cursor"],
  "/api/admin/reconcile": ["cursor"],
};

/** A value for each field that passes its route's checks. */
export function plausibleValues(ids: { priceId: string; userId: string; checkoutSessionId: string }): Record<string, () => unknown> {
  return {
    priceId: () => ids.priceId,
    feature: () => "generation",
    idempotencyKey: () => crypto.randomUUID(),
    plan: () => "advanced",
    prorationDate: () => Math.floor(Date.now() / 1000),
    flow: () => "payment_method_update",
    userId: () => ids.userId,
    delta: () => 10,
    reason: () => "probing hostile input",
    submissionId: () => crypto.randomUUID(),
    checkoutSessionId: () => ids.checkoutSessionId,
    amountCents: () => 100,
    subscriptionId: () => "sub_probe",
    when: () => "period_end",
    eventId: () => "evt_probe",
    since: () => new Date(Date.now() - 3600_000).toISOString(),
  };
}

/** A body of the route's own fields, one of them hostile; or a whole body of a wrong type. */
export function hostileJsonBody(fields: readonly string[], plausible: Record<string, () => unknown>): fc.Arbitrary<string> {
  const oneHostile = fc.tuple(fc.constantFrom(...fields), hostileValue).map(([field, value]) => ({
    ...Object.fromEntries(fields.map((name) => [name, plausible[name]?.()])),
    [field]: value,
  }));
  return fc.oneof({ weight: 4, arbitrary: oneHostile }, { weight: 1, arbitrary: hostileValue }).map((body) => JSON.stringify(body));
}

/**
 * better-auth's endpoints that take a JSON body, and the fields each reads: a NUL character, 15,000
 * characters or a wrong type in any of them is refused before the database (lib/auth/auth-input.ts).
 * Every endpoint better-auth lists is swept in-process by app/api/auth/[...all]/stored-input.test.ts;
 * these are the ones a buyer's session reaches, against the build. Not here: the redirect addresses
 * (callbackURL, redirectTo), which better-auth's origin check refuses first, and the admin plugin's
 * endpoints, which answer nobody over HTTP (disabledPaths in lib/auth/better-auth.ts).
 */
export const authJsonFieldsOf: Record<string, readonly string[]> = {
  "/api/auth/sign-up/email": ["name", "email", "password", "image", "rememberMe"],
  "/api/auth/sign-in/email": ["email", "password", "rememberMe"],
  "/api/auth/update-user": ["name", "image"],
  "/api/auth/revoke-session": ["token"],
  "/api/auth/change-email": ["newEmail", "password"],
  "/api/auth/change-password": ["newPassword", "currentPassword", "revokeOtherSessions"],
  "/api/auth/request-password-reset": ["email"],
  "/api/auth/reset-password": ["newPassword", "token"],
  "/api/auth/send-verification-email": ["email"],
  "/api/auth/delete-user": ["password", "token"],
  "/api/auth/verify-password": ["password"],
  "/api/auth/update-session": ["userAgent"],
  "/api/auth/unlink-account": ["accountId"],
};

/**
 * A value for each of better-auth's fields that passes its checks but matches nothing, so that a
 * request gets as far as it can without changing the account it runs as: a wrong current password,
 * a token and a user id no one has.
 */
export function plausibleAuthValues(): Record<string, () => unknown> {
  const email = () => `probe-${crypto.randomUUID()}@example.com`;
  return {
    name: () => "Probe",
    email,
    newEmail: email,
    password: () => "not the password at all",
    currentPassword: () => "not the password at all",
    newPassword: () => "a brand new kettle song",
    image: () => "https://images.example/probe.png",
    rememberMe: () => false,
    revokeOtherSessions: () => false,
    token: () => "no-such-token",
    sessionToken: () => "no-such-token",
    userId: () => "no-such-user",
    accountId: () => "no-such-account",
    userAgent: () => "probe",
    role: () => "user",
    data: () => ({ name: "Probe" }),
    banReason: () => "probing hostile input",
    banExpiresIn: () => 60,
  };
}
