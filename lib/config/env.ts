import { z } from "zod";
import { priceOverrideVariable, products, type ProductKey } from "@/lib/catalog/products";

// Read lazily, not at import: `next build` imports route modules without a runtime environment.

const optionalUrl = z.url().optional();

const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
    .optional(),
  STRIPE_API_BASE: optionalUrl,
  // Stripe.js's key, for Checkout embedded in the store's page (lib/stripe-gateway/stripe-js.ts).
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_/, "must be a Stripe publishable key (pk_test_… or pk_live_…)").optional(),
  // Where buyers pay: Stripe's own page (hosted, the default) or a form inside the store's page.
  STOREFRONT_CHECKOUT_UI: z.enum(["hosted", "embedded"], "must be hosted or embedded").optional(),
  // Free days a buyer's first Starter subscription starts with (lib/payments/checkout/trial.ts); none when unset.
  STOREFRONT_STARTER_TRIAL_DAYS: z.coerce.number().int().min(1).max(730).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
  // 1: Checkout computes tax with Stripe Tax (automatic_tax), collecting the billing address it needs.
  STRIPE_AUTOMATIC_TAX: z.enum(["0", "1"], "must be 1 (on) or 0 (off)").optional(),
  APP_URL: optionalUrl,
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  REDIS_URL: z.url().optional(),
  ADMIN_EMAILS: z.string().optional(),
  ALERT_WEBHOOK_URL: optionalUrl,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  // The bearer token a Prometheus server scrapes /api/metrics with; without it the route answers 503.
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // Where account mail goes (lib/mail/): smtp:// or smtps:// with credentials; without it, .eml
  // files under $STOREFRONT_DATA_DIR/mail/ (production refuses to start without it unless demo).
  SMTP_URL: z
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  // One STRIPE_PRICE_<KEY> per catalog product: a price id to sell it at instead of its lookup_key.
  ...(Object.fromEntries(products.map((product) => [priceOverrideVariable(product.key), z.string().optional()])) as Record<
    ReturnType<typeof priceOverrideVariable<ProductKey>>,
    z.ZodOptional<z.ZodString>
  >),
}).superRefine((values, context) => {
  const live = (key: string) => /^[a-z]{2}_live_/.test(key);
  if (values.STOREFRONT_CHECKOUT_UI === "embedded" && !values.STRIPE_PUBLISHABLE_KEY) {
    context.addIssue({ code: "custom", path: ["STRIPE_PUBLISHABLE_KEY"], message: "is needed for STOREFRONT_CHECKOUT_UI=embedded (Stripe.js runs with it)" });
  }
  if (values.STRIPE_PUBLISHABLE_KEY && values.STRIPE_SECRET_KEY && live(values.STRIPE_PUBLISHABLE_KEY) !== live(values.STRIPE_SECRET_KEY)) {
    context.addIssue({ code: "custom", path: ["STRIPE_PUBLISHABLE_KEY"], message: "must be of the same mode (test or live) as STRIPE_SECRET_KEY" });
  }
});

type Env = z.infer<typeof schema>;

const names = Object.keys(schema.shape) as (keyof Env)[];
let parsedFor: { values: string; env: Env } | undefined;

export function env(): Env {
  // Parsed again only when one of its variables changed (tests change them); every request reads
  // it several times, and a full parse of process.env costs more than the rest of a status poll.
  const present = names.flatMap((name) => {
    const value = process.env[name];
    // An empty assignment in a .env file means "not set", as it does for the launcher.
    return value === undefined || value === "" ? [] : [[name, value] as const];
  });
  const values = JSON.stringify(present);
  if (parsedFor?.values === values) return parsedFor.env;
  const parsed = schema.safeParse(Object.fromEntries(present));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment variables:\n${problems}`);
  }
  parsedFor = { values, env: parsed.data };
  return parsed.data;
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Run the app with `npm run dev` or `npm start`, which start the embedded database, or point DATABASE_URL at PostgreSQL.",
    );
  }
  return url;
}
