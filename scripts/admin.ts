import { disconnectDatabase } from "@/lib/db";
import { grantOperator, revokeOperator, type RoleChange } from "@/lib/admin/roles";
import { isSeededOperator } from "@/lib/config/admin-emails";

// `npm run admin -- grant <email>` / `npm run admin -- revoke <email>`: who may use the operator's
// console (/admin). The user signs up first; each change is written to the audit log.
const [verb, email, ...rest] = process.argv.slice(2);
if ((verb !== "grant" && verb !== "revoke") || !email || !/^[^\s@]+@[^\s@]+$/.test(email) || rest.length > 0) {
  console.error("usage: npm run admin -- grant <email> | revoke <email>");
  process.exit(2);
}
const by = `npm run admin (${process.env.USER ?? "shell"})`;
const change: RoleChange = verb === "grant" ? await grantOperator(email, by) : await revokeOperator(email, by);
await disconnectDatabase();
const said: Record<RoleChange, string> = {
  granted: `${email} is now an operator: /admin is open to them.`,
  revoked: `${email} is no longer an operator.`,
  unchanged: `${email} already ${verb === "grant" ? "is" : "is not"} an operator; nothing changed.`,
  no_such_user: `No account uses ${email}: they sign up first, then are granted the role.`,
};
console.log(said[change]);
if (verb === "revoke" && isSeededOperator(email)) console.warn(`${email} is in ADMIN_EMAILS, which makes them an operator again on their next visit: remove it there too.`);
process.exitCode = change === "no_such_user" ? 1 : 0;
