import type { z } from "zod/mini";
import { ApiError } from "@/lib/http/api-error";
import { readJsonWithin } from "@/lib/http/request-body";
import { requireUser } from "@/lib/auth/session";

type SignedInUser = Awaited<ReturnType<typeof requireUser>>;

/**
 * What every signed-in JSON route does first, once the route wrapper has counted the client
 * against the rate limit: check the session, and only then read the body (within its ceiling) and
 * validate it, so that a client without a session cannot make the server read or parse anything.
 */
export async function signedInJson<Schema extends z.ZodMiniType>(
  request: Request,
  schema: Schema,
  expected: string,
): Promise<{ user: SignedInUser; body: z.infer<Schema> }> {
  const user = await requireUser(request);
  const parsed = schema.safeParse(await readJsonWithin(request));
  if (!parsed.success) throw new ApiError("invalid_request", expected);
  return { user, body: parsed.data };
}
