import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/admin/audit/route";
import { adminGet } from "@/test-support/console-calls";
import { db } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";

// The audit log as the console reads it: every operator action, newest first, by cursor.

let operator: TestBuyer;
let buyer: TestBuyer;
beforeAll(async () => {
  [operator, buyer] = await Promise.all([signUpOperator(), signUpBuyer()]);
  await db.auditLogEntry.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      actorId: operator.id,
      actorEmail: operator.email,
      action: "coins.adjust",
      targetType: "user",
      targetId: `user_${i}`,
      reason: `goodwill ${i}`,
      before: { balance: i },
      after: { balance: i + 10 },
      requestId: `req_${i}`,
      createdAt: new Date(Date.now() - (60 - i) * 60_000),
    })),
  });
});

type Answer = { entries: { targetId: string; reason: string; before: unknown; after: unknown; actorEmail: string; requestId: string }[]; newer: string | null; older: string | null };

describe("GET /api/admin/audit", () => {
  it("lists who did what to what, why, before and after, newest first, a page at a time", async () => {
    const first = (await (await adminGet(GET, "/api/admin/audit", operator)).json()) as Answer;
    const second = (await (await adminGet(GET, `/api/admin/audit?cursor=${first.older}`, operator)).json()) as Answer;

    expect(first.entries).toHaveLength(50);
    // The newest: the operator's own role grant, made when the test began.
    expect(first.entries[0]).toMatchObject({ targetId: operator.id, reason: "granted by test", before: { role: "user" }, after: { role: "admin" } });
    expect(first.entries[1]).toMatchObject({ actorEmail: operator.email, targetId: "user_59", reason: "goodwill 59", before: { balance: 59 }, after: { balance: 69 }, requestId: "req_59" });
    expect(second.entries.map((entry) => entry.targetId)).toEqual(Array.from({ length: 11 }, (_, i) => `user_${10 - i}`));
    expect(second.older).toBeNull();
  });

  it("tells a buyer and a visitor there is no such route", async () => {
    for (const who of [buyer, null]) expect((await adminGet(GET, "/api/admin/audit", who)).status).toBe(404);
  });

  it("answers 400 for a cursor it never wrote", async () => {
    const response = await adminGet(GET, "/api/admin/audit?cursor=%2F%2F%2F", operator);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
