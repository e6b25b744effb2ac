import type Stripe from "stripe";

// Typed against the SDK so a stripe upgrade that changes the pinned version fails tsc here.
export const API_VERSION: Stripe.LatestApiVersion = "2026-10-28.endive";
