import { reconcileUnsettledPurchases } from "@/lib/payments/reconcile";

// `npm run reconcile`: settles every checkout whose webhook never arrived. Safe to run any time.
const { checked, delivered } = await reconcileUnsettledPurchases();
console.log(`checked ${checked} unsettled checkouts; delivered goods for ${delivered}`);
