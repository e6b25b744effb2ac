import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { requireOperator } from "@/lib/admin/operator";
import { grantOperator, revokeOperator } from "@/lib/admin/roles";
import { signUpBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";

function requestAs(headers: Headers): Request {
  return new Request("http://localhost/api/admin/anything", { headers });
}

afterEach(() => {
  delete process.env.ADMIN_EMAILS;
});

describe("who may use the operator's console", () => {
  it("lets an operator in and tells a buyer and a visitor that the route does not exist", async () => {
    const operator = await signUpOperator();
    const buyer = await signUpBuyer();

    expect(await requireOperator(requestAs(operator.headers))).toEqual({ id: operator.id, email: operator.email });
    for (const who of [buyer.headers, new Headers()]) {
      await expect(requireOperator(requestAs(who))).rejects.toMatchObject({ code: "not_found", message: "There is no API route at /api/admin/anything." });
    }
  });

  it("takes the console away the moment the role is revoked, and records both changes in the audit log", async () => {
    const operator = await signUpOperator();
    expect(await revokeOperator(operator.email, "test")).toBe("revoked");

    await expect(requireOperator(requestAs(operator.headers))).rejects.toMatchObject({ code: "not_found" });
    const trail = await db.auditLogEntry.findMany({ where: { targetId: operator.id }, orderBy: { createdAt: "asc" } });
    expect(trail.map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ["role.grant", { role: "user" }, { role: "admin" }],
      ["role.revoke", { role: "admin" }, { role: "user" }],
    ]);
  });

  it("changes nothing for a grant to an operator or an unknown email", async () => {
    const operator = await signUpOperator();
    expect(await grantOperator(operator.email, "test")).toBe("unchanged");
    expect(await grantOperator("nobody-here@example.com", "test")).toBe("no_such_user");
    expect(await db.auditLogEntry.count({ where: { targetId: operator.id } })).toBe(1);
  });

  it("makes an email in ADMIN_EMAILS an operator on their next visit, whatever its case", async () => {
    const buyer = await signUpBuyer();
    await expect(requireOperator(requestAs(buyer.headers))).rejects.toMatchObject({ code: "not_found" });

    process.env.ADMIN_EMAILS = ` someone-else@example.com , ${buyer.email.toUpperCase()}`;
    expect(await requireOperator(requestAs(buyer.headers))).toMatchObject({ id: buyer.id });
    expect(await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).toMatchObject({ role: "admin" });
  });

  it("keeps the audit log append-only: the database refuses to change or delete an entry", async () => {
    const operator = await signUpOperator();
    const entry = await db.auditLogEntry.findFirstOrThrow({ where: { targetId: operator.id } });

    await expect(db.auditLogEntry.update({ where: { id: entry.id }, data: { reason: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(db.auditLogEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE audit_log_entry`)).rejects.toThrow(/append-only/);
    expect(await db.auditLogEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });
});
