import { headers } from "next/headers";
import { auth } from "@/lib/auth";
import { ApiError } from "@/lib/errors";

interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

export async function currentUser(requestHeaders?: Headers): Promise<SignedInUser | null> {
  // Reading the request first makes a page that shows the user dynamic before the database is touched.
  const source = requestHeaders ?? (await headers());
  const session = await auth().api.getSession({ headers: source });
  if (!session) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await currentUser(request.headers);
  if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
  return user;
}
