import { z } from "zod";
import { auth } from "@/lib/auth/better-auth";
import { inApiErrorShape } from "@/lib/auth/auth-error-shape";
import { apiRoute } from "@/lib/http/api-route";
import { JSON_BODY_LIMIT, readTextWithin } from "@/lib/http/request-body";
import { withSignInLockout } from "@/lib/auth/sign-in-lockout";
import { atSignUpPace } from "@/lib/auth/sign-up-pace";

// better-auth's endpoints, wrapped: bodies read within the API's ceiling, the per-account sign-in
// lockout, sign-up answered at one pace for new and registered emails, errors in the API's error
// shape, and a sign-out that works as a plain HTML form.

const SIGN_IN_PATH = "/api/auth/sign-in/email";
const SIGN_OUT_PATH = "/api/auth/sign-out";
const SIGN_UP_PATH = "/api/auth/sign-up/email";

const emailField = z.object({ email: z.string().min(1) });

function isFormPost(request: Request): boolean {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/x-www-form-urlencoded" || mediaType === "multipart/form-data";
}

/** The email a sign-in names, in either body format better-auth accepts; undefined if none. */
function signInEmail(request: Request, body: string): string | undefined {
  let fields: unknown;
  try {
    fields = isFormPost(request) ? Object.fromEntries(new URLSearchParams(body)) : JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = emailField.safeParse(fields);
  return parsed.success ? parsed.data.email : undefined;
}

// The sign-out button is a plain HTML form, so that it needs no script: better-auth's sign-out
// takes JSON only, and a navigation must land on a page. The home page then shows the true state,
// signed out or, if better-auth refused, still signed in.
async function signOutFromForm(request: Request, headers: Headers): Promise<Response> {
  headers.set("content-type", "application/json");
  const answer = await auth().handler(new Request(request.url, { method: "POST", headers, body: "{}" }));
  const home = new Headers({ location: "/" });
  for (const cookie of answer.headers.getSetCookie()) home.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers: home });
}

async function get(request: Request): Promise<Response> {
  return inApiErrorShape(await auth().handler(request));
}

async function post(request: Request): Promise<Response> {
  const body = await readTextWithin(request, JSON_BODY_LIMIT);
  const headers = new Headers(request.headers);
  // The body is passed on as text, which need not be the bytes that were counted.
  headers.delete("content-length");
  const { pathname } = new URL(request.url);
  if (pathname === SIGN_OUT_PATH && isFormPost(request)) return signOutFromForm(request, headers);

  const forward = () => auth().handler(new Request(request.url, { method: "POST", headers, body }));
  if (pathname === SIGN_UP_PATH) return inApiErrorShape(await atSignUpPace(forward));
  const email = pathname === SIGN_IN_PATH ? signInEmail(request, body) : undefined;
  const answer = email === undefined ? await forward() : await withSignInLockout(email, request.headers, forward);
  return inApiErrorShape(answer);
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({ GET: get, POST: post });
