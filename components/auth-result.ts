import { NETWORK_ERROR_MESSAGE } from "@/components/api-client";

// better-auth's client answers `{error}` instead of throwing for API failures; this turns either
// form into one message for the form, or null on success.
export interface AuthClientResult {
  error: { message?: string | undefined } | null;
}

export async function authErrorMessage(request: () => Promise<AuthClientResult>, fallback: string): Promise<string | null> {
  try {
    const { error } = await request();
    if (!error) return null;
    return error.message || fallback;
  } catch {
    return NETWORK_ERROR_MESSAGE;
  }
}
