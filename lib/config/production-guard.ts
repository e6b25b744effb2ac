// A production server that makes up its own auth secret, or quietly takes payments through the
// offline sandbox, looks healthy and is not: sessions die on restart and no real money moves.
// So does one that writes its password-reset mail to files nobody reads: buyers locked out for good.
// So production refuses to start without real settings unless STOREFRONT_DEMO=1 says so.

const requiredInProduction = ["BETTER_AUTH_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SMTP_URL"] as const;

export function missingProductionSettings(environment: NodeJS.ProcessEnv): string[] {
  if (environment.NODE_ENV !== "production" || environment.STOREFRONT_DEMO === "1") return [];
  return requiredInProduction.filter((name) => !environment[name]);
}

export function refusalMessage(missing: readonly string[]): string {
  return [
    `Refusing to start in production without ${missing.join(", ")}.`,
    "Set them (see .env.example), or set STOREFRONT_DEMO=1 to run the demo: the offline Stripe sandbox, a generated auth secret and mail written to files.",
  ].join("\n");
}

export function assertProductionConfiguration(): void {
  const missing = missingProductionSettings(process.env);
  if (missing.length === 0) return;
  console.error(refusalMessage(missing));
  process.exit(1);
}
