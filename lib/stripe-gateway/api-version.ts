/**
 * The one Stripe API version this store speaks, sent as `Stripe-Version` on every call (the
 * client in client.ts) and the version its webhook endpoint must be registered with (README,
 * Going live). It is the version the installed `stripe` SDK, and so its types, were generated
 * for; moving it is a change of its own (stripe-facts: Checkout's ui_mode values, the coupon's
 * place on a promotion code and Stripe.js's mount all moved between versions).
 */
export const STRIPE_API_VERSION = "2026-10-28.endive";
