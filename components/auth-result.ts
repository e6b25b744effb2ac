import { NETWORK_ERROR_MESSAGE, toApiRequestError } from "@/components/api-client";

// The account forms talk to better-auth's endpoints with plain fetch: its React client would be
// loaded on every page for three POSTs. /api/auth answers errors in the API's error shape.

export type AuthResult = { ok: true } | { ok: false; status: number; message: string };

export async function postToAuth(path: "sign-in/email" | "sign-up/email", fields: Record<string, string>): Promise<AuthResult> {
  let response: Response;
  try {
    response = await fetch(`/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(fields),
    });
  } catch {
    return { ok: false, status: 0, message: NETWORK_ERROR_MESSAGE };
  }
  if (response.ok) return { ok: true };
  const { status, message } = await toApiRequestError(response);
  return { ok: false, status, message };
}
