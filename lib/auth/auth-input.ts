import { APIError } from "better-auth/api";
import { z } from "zod";
import { NAME_MAX_LENGTH } from "@/lib/auth/input-limits";

// What better-auth's endpoints may be given, checked before any of them runs (a before-hook, so
// over HTTP and as auth().api.* alike). better-auth checks the shape of most bodies itself, but
// passes text to the database as it came: PostgreSQL refuses a NUL character (a 500), and nothing
// bounds a name. Some bodies it takes as "any object" (update-user, the admin plugin's user data),
// so a number where a name goes reached the database too.
//
// Two layers: every string anywhere in the body, the query or the path (keys too) is free of NUL
// and at most TEXT_MAX_LENGTH characters; then the fields that are stored as text, or that
// better-auth takes untyped, by the rules below. A refusal is a 400 that lib/auth/auth-error-shape.ts
// turns into the API's error shape.

/** Tokens, ids, URLs and passwords are all far shorter; a JWT verification link is ~500. */
const TEXT_MAX_LENGTH = 2048;
/** RFC 5321's longest forward path. */
const EMAIL_MAX_LENGTH = 254;
/** better-auth's own ceiling (maxPasswordLength), checked here before the password policy reads it. */
const PASSWORD_MAX_LENGTH = 128;
/** As the console's reasons (lib/admin/audit/). */
const REASON_MAX_LENGTH = 500;
/** Ten years: longer than any ban needs, and a Date for any number below it. */
const BAN_MAX_SECONDS = 10 * 365 * 24 * 60 * 60;

type AuthContext = { path: string; body?: unknown; query?: unknown; params?: unknown };

function refusal(code: string, message: string): APIError {
  return new APIError("BAD_REQUEST", { code, message });
}

const text = (what: string, max: number, tooLong: string) => z.string({ error: `${what} must be text.` }).max(max, tooLong);

// A name is shown on pages and written into mail: no control characters (line breaks included).
const name = text("A name", NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters for your name.`).regex(/^\P{Cc}*$/u, "A name can't hold control characters or line breaks.");
const email = text("An email address", EMAIL_MAX_LENGTH, `An email address has at most ${EMAIL_MAX_LENGTH} characters.`);
const password = text("A password", PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`);
// A link to a picture: only web addresses, so that no page is ever handed a javascript: URL.
const image = z.url({ protocol: /^https?$/, error: "An image must be an http(s) address." }).nullable();
const reason = text("A reason", REASON_MAX_LENGTH, `Use at most ${REASON_MAX_LENGTH} characters for a reason.`);
const role = z.union([z.string(), z.array(z.string())], { error: "A role must be text or a list of text." });
const flag = (what: string) => z.boolean({ error: `${what} must be true or false.` });

function fields<Shape extends z.ZodRawShape>(shape: Shape, strict = false) {
  const error = (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `Not a field that can be set here: ${issue.keys?.join(", ")}.` : "The body must be a JSON object.";
  return strict ? z.strictObject(shape, { error }) : z.looseObject(shape, { error });
}

// The user columns better-auth's admin plugin lets an operator write; anything else is refused
// rather than dropped unseen.
const adminUserData = fields(
  {
    name: name.optional(),
    email: email.optional(),
    image: image.optional(),
    emailVerified: flag("emailVerified").optional(),
    role: role.optional(),
    banned: flag("banned").nullable().optional(),
    banReason: reason.nullable().optional(),
    banExpires: z.iso.datetime({ error: "banExpires must be an ISO date and time." }).nullable().optional(),
  },
  true,
);

// Per endpoint, the fields that reach the database as text or that better-auth takes untyped,
// when they are given (a missing field is better-auth's to refuse). Loose objects, as better-auth
// refuses what it does not know; but update-user and the admin plugin's user data are strict:
// better-auth would drop the fields it ignores without a word.
const BODY_RULES: Record<string, z.ZodType> = {
  "/sign-up/email": fields({ name: name.optional(), email: email.optional(), password: password.optional(), image: image.optional() }),
  "/sign-in/email": fields({ email: email.optional(), password: password.optional() }),
  "/update-user": fields({ name: name.optional(), image: image.optional() }, true),
  "/change-email": fields({ newEmail: email.optional(), password: password.optional() }),
  "/change-password": fields({ newPassword: password.optional(), currentPassword: password.optional() }),
  "/reset-password": fields({ newPassword: password.optional() }),
  "/request-password-reset": fields({ email: email.optional() }),
  "/send-verification-email": fields({ email: email.optional() }),
  "/delete-user": fields({ password: password.optional() }),
  "/verify-password": fields({ password: password.optional() }),
  "/admin/create-user": fields({ name: name.optional(), email: email.optional(), password: password.optional(), role: role.optional(), data: adminUserData.optional() }),
  "/admin/update-user": fields({ data: adminUserData.optional() }),
  "/admin/ban-user": fields({
    banReason: reason.optional(),
    banExpiresIn: z.number({ error: "banExpiresIn must be a number of seconds." }).int().positive().max(BAN_MAX_SECONDS, "A ban lasts at most ten years.").optional(),
  }),
  "/admin/set-user-password": fields({ newPassword: password.optional() }),
};

/** Why some string in `value` (or a key) cannot be stored, or undefined. Walked without recursion: 16 kB of brackets nests thousands deep. */
function textProblem(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    const strings = typeof next === "string" ? [next] : [];
    if (Array.isArray(next)) pending.push(...(next as unknown[]));
    else if (typeof next === "object" && next !== null) {
      for (const [key, field] of Object.entries(next)) {
        strings.push(key);
        pending.push(field);
      }
    }
    for (const string of strings) {
      if (string.includes("\0")) return "Text in the request must not hold a NUL character (\\u0000).";
      if (string.length > TEXT_MAX_LENGTH) return `Text in the request is at most ${TEXT_MAX_LENGTH} characters long.`;
    }
  }
  return undefined;
}

/** better-auth's body, query and path parameters, refused (APIError 400) unless every field may be stored. */
export function refuseUnstorableInput(ctx: AuthContext): void {
  const problem = textProblem([ctx.body, ctx.query, ctx.params]);
  if (problem) throw refusal("INVALID_INPUT", problem);
  const rule = BODY_RULES[ctx.path];
  if (!rule || ctx.body === undefined) return;
  const parsed = rule.safeParse(ctx.body);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = issue?.path.at(-1);
  // An email's own code, so that the forms say "enter a valid email address" in the buyer's language.
  throw refusal(field === "email" || field === "newEmail" ? "INVALID_EMAIL" : "INVALID_INPUT", issue?.message ?? "The request is not valid.");
}
