import fc from "fast-check";

// What an attacker puts where text, numbers and ids are expected: NUL characters (which
// PostgreSQL refuses in text and jsonb), strings near the 16 kB body ceiling, and every other JSON
// type. Each field of the app's own JSON routes is sent either such a value or a plausible one,
// so that a hostile value in one field also reaches code behind the checks of the others.

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

export const hostileValue = fc.oneof(nulText, hugeText, wrongType);

/** A path segment or query value: a NUL, a long run, or odd text, percent-encoded. */
export const hostileSegment = fc.oneof(nulText, fc.constantFrom("a".repeat(3000), "cs_test_a1B2c3"), fc.string({ maxLength: 40 })).map(encodeURIComponent);

/** The fields the app's own JSON routes read, each with a value that passes its checks. */
export function plausibleFields(ids: { priceId: string; userId: string; checkoutSessionId: string }): Record<string, fc.Arbitrary<unknown>> {
  return {
    priceId: fc.constant(ids.priceId),
    feature: fc.constant("generation"),
    idempotencyKey: fc.uuid(),
    plan: fc.constant("advanced"),
    prorationDate: fc.constant(Math.floor(Date.now() / 1000)),
    flow: fc.constant("payment_method_update"),
    userId: fc.constant(ids.userId),
    delta: fc.constant(10),
    reason: fc.constant("probing hostile input"),
    submissionId: fc.uuid(),
    checkoutSessionId: fc.constant(ids.checkoutSessionId),
    amountCents: fc.constant(100),
    subscriptionId: fc.constant("sub_probe"),
    when: fc.constant("period_end"),
    eventId: fc.constant("evt_probe"),
    since: fc.constant(new Date(Date.now() - 3600_000).toISOString()),
  };
}

/** A JSON body: each field plausible or hostile, or the whole body of a wrong type. */
export function hostileJsonBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const record = fc.record(
    Object.fromEntries(Object.entries(fields).map(([name, plausible]) => [name, fc.oneof(plausible, hostileValue)])),
    { requiredKeys: [] },
  );
  return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: hostileValue }).map((body) => JSON.stringify(body));
}
