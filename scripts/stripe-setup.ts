import { ensureCatalogInStripe } from "@/lib/catalog/catalog-setup";
import { launchPromotion } from "@/lib/catalog/launch-promotion";

// `npm run stripe:setup`: creates the catalog's products and prices (tax behaviour exclusive) and
// the example launch promotion in the Stripe account named by STRIPE_SECRET_KEY (and
// STRIPE_API_BASE for the sandbox). Run it as often as you like: it creates only what is missing.
const report = await ensureCatalogInStripe();
for (const key of report.created) console.log(`created   ${key}`);
for (const key of report.existing) console.log(`exists    ${key}`);
for (const key of report.taxBehaviorSet) console.log(`tax       ${key}: tax behaviour set to exclusive`);
for (const key of report.mismatched) console.log(`MISMATCH  ${key}: the Stripe price differs from lib/catalog/products.ts (amount, currency, interval, or an inclusive tax behaviour)`);
console.log(`${report.promotion.coupon === "created" ? "created" : "exists "}   coupon ${launchPromotion.couponId} (${launchPromotion.percentOff}% off points packs, once)`);
console.log(`${report.promotion.code === "created" ? "created" : "exists "}   promotion code ${launchPromotion.code} (first purchase only, ${launchPromotion.days} days)`);
if (report.mismatched.length > 0) process.exitCode = 1;
