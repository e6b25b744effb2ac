import { auth } from "@/lib/auth/better-auth";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";

// The buyer's sessions as the settings page lists them, through better-auth's listSessions and
// revokeSession. A session's token is its credential, so the page and the browser only ever see
// its id; the token is looked up here, and only among the buyer's own sessions.

export interface SignedInDevice {
  id: string;
  current: boolean;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
}

/** Every live session of the signed-in buyer, this one first, then newest first. */
export async function signedInDevices(requestHeaders: Headers, currentSessionId: string): Promise<SignedInDevice[]> {
  const sessions = await auth().api.listSessions({ headers: requestHeaders });
  return sessions
    .map((session) => ({
      id: session.id,
      current: session.id === currentSessionId,
      userAgent: session.userAgent ?? null,
      ipAddress: session.ipAddress ?? null,
      createdAt: new Date(session.createdAt),
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.createdAt.getTime() - a.createdAt.getTime());
}

/** Signs out the buyer's session `sessionId`; 404 for a session that is not theirs or gone. */
export async function signOutDevice(requestHeaders: Headers, userId: string, sessionId: string): Promise<void> {
  const session = await db.session.findFirst({ where: { id: sessionId, userId }, select: { token: true } });
  if (!session) throw new ApiError("not_found", "There is no such session of yours; it may have ended already.");
  await auth().api.revokeSession({ headers: requestHeaders, body: { token: session.token } });
}
