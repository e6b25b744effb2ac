/**
 * A made-up Stripe key of either mode, assembled at run time so that no file holds text a secret
 * scanner would take for a real live key.
 */
export function fakeStripeKey(mode: "test" | "live", name: string, kind: "sk" | "rk" = "sk"): string {
  return [kind, mode, name].join("_");
}
