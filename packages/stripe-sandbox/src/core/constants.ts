import type Stripe from "stripe";

// The one API version the sandbox speaks: the installed stripe SDK's default (its `ApiVersion`), which the
// app pins too. Typed against the SDK so a stripe upgrade that changes the pinned version fails tsc here.
export const API_VERSION: Stripe.LatestApiVersion = "2026-10-28.endive";

/** The release train ("endive"): Stripe.js's path and `Stripe.version`, and the versions the sandbox answers. */
export const API_RELEASE = API_VERSION.slice(API_VERSION.indexOf(".") + 1);
