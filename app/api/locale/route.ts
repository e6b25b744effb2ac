import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute, publicOrigin } from "@/lib/http/api-route";
import { localeCookie, locales } from "@/lib/i18n/locales";
import { readFormWithin } from "@/lib/http/request-body";
import { safeNextPath } from "@/components/auth/safe-next-path";

// The header's language switch: a plain form post (it works without script), answered by
// remembering the choice for a year and sending the browser back to the page it was on. The one
// API route that takes a form rather than JSON, and only the form's own type: what shields it from
// other sites is the cross-site refusal every state-changing route has (lib/http/api-route.ts).

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
const choice = z.object({ locale: z.enum(locales) });

/** The same-site page the form was sent from, or the grid. */
function pageSentFrom(request: Request): string {
  const referer = request.headers.get("referer");
  if (!referer || !URL.canParse(referer)) return "/";
  const from = new URL(referer);
  const ours = from.origin === publicOrigin(request) || from.origin === new URL(request.url).origin;
  return ours ? safeNextPath(`${from.pathname}${from.search}`) : "/";
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const parsed = choice.safeParse(Object.fromEntries(await readFormWithin(request, 1024)));
    if (!parsed.success) throw new ApiError("invalid_request", `Send a form with locale set to one of: ${locales.join(", ")}.`);
    const headers = new Headers({ location: pageSentFrom(request), "cache-control": "no-store" });
    headers.append("set-cookie", `${localeCookie}=${parsed.data.locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`);
    return new Response(null, { status: 303, headers });
  },
});
