import { ensureCatalogInStripe } from "@/lib/catalog/catalog-setup";

// `npm run stripe:setup`: creates the catalog's products and prices in the Stripe account named
// by STRIPE_SECRET_KEY (and STRIPE_API_BASE for the sandbox). Run once per account.
const report = await ensureCatalogInStripe();
for (const key of report.created) console.log(`created   ${key}`);
for (const key of report.existing) console.log(`exists    ${key}`);
for (const key of report.mismatched) console.log(`MISMATCH  ${key}: the Stripe price differs from lib/catalog/products.ts`);
if (report.mismatched.length > 0) process.exitCode = 1;
