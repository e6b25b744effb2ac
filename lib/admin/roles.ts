import { auth, BUYER_ROLE, OPERATOR_ROLE } from "@/lib/auth/better-auth";
import { db } from "@/lib/db";
import { recordOperatorAction } from "@/lib/admin/audit-log";

// Granting and taking back the operator role, through better-auth's admin plugin's own user
// update (so its hooks and session cache see the change), each recorded in the audit log.
// Used by `npm run admin` and by ADMIN_EMAILS.

export type RoleChange = "granted" | "revoked" | "unchanged" | "no_such_user";

async function setRole(email: string, role: string, by: string, action: "role.grant" | "role.revoke"): Promise<RoleChange> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, role: true } });
  if (!user) return "no_such_user";
  if ((user.role ?? BUYER_ROLE) === role) return "unchanged";
  const context = await auth().$context;
  await context.internalAdapter.updateUser(user.id, { role });
  await recordOperatorAction({
    actor: { id: by, email: by },
    action,
    targetType: "user",
    targetId: user.id,
    reason: `${action === "role.grant" ? "granted" : "revoked"} by ${by}`,
    before: { role: user.role ?? BUYER_ROLE },
    after: { role },
  });
  return role === OPERATOR_ROLE ? "granted" : "revoked";
}

/** Makes the user with this email an operator; `by` names who asked (the command, ADMIN_EMAILS). */
export function grantOperator(email: string, by: string): Promise<RoleChange> {
  return setRole(email, OPERATOR_ROLE, by, "role.grant");
}

/** Makes the user with this email a buyer again. */
export function revokeOperator(email: string, by: string): Promise<RoleChange> {
  return setRole(email, BUYER_ROLE, by, "role.revoke");
}
