import { invalidRequest, missingParam } from "../http/errors";
import type { Params } from "../http/params";
import type { CheckoutUi, UiMode } from "../objects/checkout-session";

/** Checkout's `ui_mode` values since 2026-03-25.dahlia (stripe-facts.md §9); the old `hosted`, `embedded` and `custom` are refused. */
const UI_MODES = ["elements", "embedded_page", "form", "hosted_page"] as const;

function url(p: Params, key: string): string | null {
  const value = p.string(key);
  if (value === undefined) return null;
  if (!/^https?:\/\//.test(value)) throw invalidRequest("Not a valid URL", { param: key, code: "url_invalid" });
  return value;
}

/** Parameters passed that the chosen ui_mode does not take, in Stripe's one message naming them all. */
function refuseUnsupported(p: Params, uiMode: UiMode, keys: string[]): void {
  const passed = keys.filter((key) => p.has(key));
  const first = passed[0];
  if (first) throw invalidRequest(`The following parameters are not supported with 'ui_mode: ${uiMode}': ${passed.join(", ")}.`, { param: first });
}

export function checkoutUi(p: Params): CheckoutUi {
  const requested = p.oneOf("ui_mode", UI_MODES) ?? "hosted_page";
  if (requested === "form") throw invalidRequest("`ui_mode: form` is a private beta; the sandbox does not offer it.", { param: "ui_mode" });
  const uiMode: UiMode = requested;
  if (uiMode === "hosted_page") {
    refuseUnsupported(p, uiMode, ["redirect_on_completion", "return_url"]);
    const successUrl = url(p, "success_url");
    if (!successUrl) throw missingParam("success_url");
    return { uiMode, successUrl, cancelUrl: url(p, "cancel_url"), returnUrl: null, redirectOnCompletion: null };
  }
  refuseUnsupported(p, uiMode, ["cancel_url", "success_url"]);
  const redirectOnCompletion = p.oneOf("redirect_on_completion", ["always", "if_required", "never"] as const) ?? "always";
  const returnUrl = url(p, "return_url");
  if (redirectOnCompletion === "never" && returnUrl) {
    throw invalidRequest("`return_url` cannot be passed when `redirect_on_completion` is `never`.", { param: "return_url" });
  }
  if (redirectOnCompletion !== "never" && !returnUrl) throw missingParam("return_url");
  return { uiMode, successUrl: null, cancelUrl: null, returnUrl, redirectOnCompletion };
}
