import { request, toApiRequestError, type ApiRequestError } from "@/components/api-client";

// The account forms talk to better-auth's endpoints with plain fetch: its React client would be
// loaded on every page for a few POSTs. /api/auth answers errors in the API's error shape.

export type AuthResult = { ok: true } | { ok: false; error: ApiRequestError };

type AuthPath =
  | "sign-in/email"
  | "sign-up/email"
  | "request-password-reset"
  | "reset-password"
  | "send-verification-email"
  | "change-email"
  | "change-password"
  | "revoke-other-sessions"
  | "delete-user";

export async function postToAuth(path: AuthPath, fields: Record<string, string | boolean>): Promise<AuthResult> {
  try {
    const response = await request(`/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(fields),
    });
    return response.ok ? { ok: true } : { ok: false, error: await toApiRequestError(response) };
  } catch (error) {
    return { ok: false, error: error as ApiRequestError };
  }
}
