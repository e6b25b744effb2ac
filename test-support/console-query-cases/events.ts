import type { ConsoleQueryCase } from "@/test-support/console-query-cases/case";

// The console's events queries, run by lib/admin/console-query-plans.test.ts on a busy year's store.
export const eventsCases: ConsoleQueryCase[] = [];
