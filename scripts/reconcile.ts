import { disconnectDatabase } from "@/lib/db";
import { recordedReconcile } from "@/lib/payments/reconcile-runs";

// `npm run reconcile`: settles every checkout whose webhook never arrived and re-syncs live
// subscriptions. Safe to run any time, e.g. from cron; exits 1 when some rows could not be done,
// those Stripe did not answer for (skipped) among them.
// The run is recorded for the console (/admin/reconcile) like the cron's and the console's own.
const report = await recordedReconcile("cli");
console.log(`checked ${report.checked}; changed ${report.changed}; delivered goods for ${report.delivered}; errors ${report.errors}; skipped ${report.skipped}`);
for (const { object, userId, change } of report.drift) console.log(`  changed ${object} (user ${userId}): ${change}`);
for (const { object, message } of report.failures) console.error(`  error   ${object}: ${message}`);
await disconnectDatabase();
process.exitCode = report.errors > 0 ? 1 : 0;
