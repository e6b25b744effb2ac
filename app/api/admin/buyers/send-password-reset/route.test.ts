import { describe, expect, it } from "vitest";
import { POST as sendRoute } from "@/app/api/admin/buyers/send-password-reset/route";
import { db } from "@/lib/db";
import { signUpBuyer } from "@/test-support/buyers";
import { adminPost, newSubmission } from "@/test-support/console-calls";
import { mailFor } from "@/test-support/auth-requests";
import { signUpOperator } from "@/test-support/operators";

// POST /api/admin/buyers/send-password-reset: the console mails a buyer better-auth's reset link,
// in the buyer's language, and the audit log records who sent it and why.

const send = (who: Parameters<typeof adminPost>[2], body: unknown) => adminPost(sendRoute, "/api/admin/buyers/send-password-reset", who, body);
const resetMail = async (email: string) => (await mailFor(email)).filter((mail) => mail.file.includes("-resetPassword-"));

describe("an operator sending a buyer a reset link", () => {
  it("mails the link to the buyer's own address, in the language their account uses, says support sent it, and records it once per submission", async () => {
    const operator = await signUpOperator();
    const buyer = await signUpBuyer();
    await db.user.update({ where: { id: buyer.id }, data: { locale: "zh-CN" } });
    const submissionId = newSubmission();

    const first = await send(operator, { userId: buyer.id, reason: "called support, locked out", submissionId });
    const again = await send(operator, { userId: buyer.id, reason: "called support, locked out", submissionId });

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await first.json()).toEqual({ sent: true });
    const mails = await resetMail(buyer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("为您的 Storefront 账户设置新密码");
    expect(mails[0]?.text).toContain("本店客服");
    expect(await db.auditLogEntry.findMany({ where: { targetId: buyer.id, action: "password.reset_link" } })).toEqual([
      expect.objectContaining({ actorEmail: operator.email, targetType: "user", reason: "called support, locked out", submissionId }),
    ]);
  });

  it("answers 404 to a buyer and to a visitor, mailing nothing and recording nothing", async () => {
    const buyer = await signUpBuyer();
    const target = await signUpBuyer();

    for (const who of [buyer, null]) {
      const answer = await send(who, { userId: target.id, reason: "trying", submissionId: newSubmission() });
      expect(answer.status).toBe(404);
    }
    expect(await resetMail(target.email)).toEqual([]);
    expect(await db.auditLogEntry.count({ where: { targetId: target.id } })).toBe(0);
  });

  it("refuses an unknown buyer and a missing reason with 4xx in the API's error shape", async () => {
    const operator = await signUpOperator();

    expect(await (await send(operator, { userId: "no-such-user", reason: "x", submissionId: newSubmission() })).json()).toMatchObject({ error: { code: "not_found" } });
    expect(await (await send(operator, { userId: "no-such-user", submissionId: newSubmission() })).json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
