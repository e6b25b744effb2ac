import { disconnectDatabase } from "@/lib/db";
import { reconcile } from "@/lib/payments/reconcile";

// `npm run reconcile`: settles every checkout whose webhook never arrived and re-syncs live
// subscriptions. Safe to run any time, e.g. from cron; exits 1 when some rows could not be read.
const report = await reconcile();
console.log(`checked ${report.checked}; changed ${report.changed}; delivered goods for ${report.delivered}; errors ${report.errors}`);
for (const { object, userId, change } of report.drift) console.log(`  changed ${object} (user ${userId}): ${change}`);
for (const { object, message } of report.failures) console.error(`  error   ${object}: ${message}`);
await disconnectDatabase();
process.exitCode = report.errors > 0 ? 1 : 0;
