import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Every API route answers errors in one shape; this is the one place that catches them. */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The origin buyers come back to after Checkout: APP_URL when set, else the one they used. */
export function publicOrigin(request: Request): string {
  return env().APP_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
}
