import { revokeSessionRequest } from "@/lib/api-contract/account-sessions-api";
import { signOutDevice } from "@/lib/auth/sessions";
import { apiRoute } from "@/lib/http/api-route";
import { signedInJson } from "@/lib/http/signed-in-json";

/** Signs one of the buyer's devices out (account settings). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const { user, body } = await signedInJson(request, revokeSessionRequest, 'Send {"sessionId": "…"}, a session the settings page lists.');
    await signOutDevice(request.headers, user.id, body.sessionId);
    return Response.json({ revoked: true });
  },
});
