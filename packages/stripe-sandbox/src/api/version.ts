import { API_RELEASE, API_VERSION } from "../core/constants";
import { invalidRequest } from "../http/errors";

const VERSION = /^(\d{4}-\d{2}-\d{2})(?:\.([a-z]+))?$/;
const OURS_DATE = API_VERSION.slice(0, API_VERSION.indexOf("."));

/**
 * Stripe answers each request in the version its `Stripe-Version` header names. The sandbox renders one
 * version only, so it serves a request that names that version or an earlier one of the same release
 * (whose shapes match), and refuses any other release instead of answering silently in other shapes:
 * the mismatch a pinned version exists to prevent. A name that is no version at all gets Stripe's error.
 */
export function checkApiVersion(requested: string | undefined, param?: string): void {
  if (requested === undefined || requested === API_VERSION) return;
  const match = VERSION.exec(requested.trim());
  const date = match?.[1];
  if (!match || !date || date > OURS_DATE) throw invalidRequest(`Invalid Stripe API version: ${requested}`, param ? { param } : {});
  if (match[2] === API_RELEASE) return;
  throw invalidRequest(
    `The Stripe sandbox speaks API version ${API_VERSION} only (release ${API_RELEASE}); this request asked for ${requested}. ` +
      `Pin ${API_VERSION}, the installed stripe SDK's default, in the client and on webhook endpoints.`,
    param ? { param } : {},
  );
}
