import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { auth, BUYER_ROLE, OPERATOR_ROLE } from "@/lib/auth/better-auth";
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

async function lookUpOperator(requestHeaders: Headers): Promise<Operator | null> {
  const session = await auth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { id, email } = session.user;
  // The plugin keeps roles comma-separated; its access control checks one known role here.
  let isOperator = session.user.role?.split(",").includes(OPERATOR_ROLE) === true;
  if (!isOperator && isSeededOperator(email)) isOperator = (await grantOperator(email, "ADMIN_EMAILS")) !== "no_such_user";
  const role = isOperator ? OPERATOR_ROLE : BUYER_ROLE;
  const { success } = await auth().api.userHasPermission({ body: { userId: id, role, permissions: { user: ["list", "set-role"] } } });
  return success ? { id, email } : null;
}

const pageOperator = cache(async () => lookUpOperator(await headers()));

/** The operator viewing this console page; any other visitor gets the 404 page. */
export async function requireOperatorPage(): Promise<Operator> {
  const operator = await pageOperator();
  if (!operator) notFound();
  return operator;
}

/** The operator calling an /api/admin route; anyone else hears 404 in the API's error shape. */
export async function requireOperator(request: Request): Promise<Operator> {
  const operator = await lookUpOperator(request.headers);
  // Word for word what a path no route claims answers (app/api/[...path]/route.ts).
  if (!operator) throw new ApiError("not_found", `There is no API route at ${new URL(request.url).pathname}.`);
  return operator;
}
