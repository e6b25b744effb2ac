import { z } from "zod/mini";

// POST /api/account/sessions/revoke: signs one of the buyer's other devices out, named by the
// session id the settings page lists (session tokens never leave the server).

export const revokeSessionRequest = z.object({ sessionId: z.string().check(z.minLength(1), z.maxLength(200)) });

export const sessionRevoked = z.object({ revoked: z.literal(true) });
