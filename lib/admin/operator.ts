import { notFound } from "next/navigation";
import { cache } from "react";
import { BUYER_ROLE, OPERATOR_ROLE, ROLE_PERMISSIONS } from "@/lib/auth/better-auth";
import { currentSession, type AuthSession } from "@/lib/auth/session";
import { isSeededOperator } from "@/lib/config/admin-emails";
import { ApiError } from "@/lib/http/api-error";
import { grantOperator } from "@/lib/admin/roles";

// Who may use the operator's console: a signed-in user whose better-auth role grants the admin
// plugin's permissions. Everyone else is told the console does not exist (404), so a buyer or a
// visitor learns nothing about it; the plugin's access control decides, not a string compare here.

export interface Operator {
  id: string;
  email: string;
}

const rolePermissions: Partial<Record<string, (typeof ROLE_PERMISSIONS)[keyof typeof ROLE_PERMISSIONS]>> = ROLE_PERMISSIONS;

/** Whether any of the roles (the plugin keeps them comma-separated) may list users and set roles. */
function mayOperate(roles: string): boolean {
  return roles.split(",").some((role) => rolePermissions[role]?.authorize({ user: ["list", "set-role"] }).success === true);
}

async function lookUpOperator(session: AuthSession | null): Promise<Operator | null> {
  if (!session) return null;
  const { id, email } = session.user;
  let roles = session.user.role ?? BUYER_ROLE;
  if (!mayOperate(roles) && isSeededOperator(email) && (await grantOperator(email, "ADMIN_EMAILS")) !== "no_such_user") roles = OPERATOR_ROLE;
  return mayOperate(roles) ? { id, email } : null;
}

const pageOperator = cache(async () => lookUpOperator(await currentSession()));

/** The operator viewing this console page; any other visitor gets the 404 page. */
export async function requireOperatorPage(): Promise<Operator> {
  const operator = await pageOperator();
  if (!operator) notFound();
  return operator;
}

/** The operator calling an /api/admin route; anyone else hears 404 in the API's error shape. */
export async function requireOperator(request: Request): Promise<Operator> {
  const operator = await lookUpOperator(await currentSession(request.headers));
  // Word for word what a path no route claims answers (app/api/[[...path]]/route.ts).
  if (!operator) throw new ApiError("not_found", `There is no API route at ${new URL(request.url).pathname}.`);
  return operator;
}
