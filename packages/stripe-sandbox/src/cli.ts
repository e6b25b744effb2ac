#!/usr/bin/env -S node --import tsx
// The `stripe-sandbox` bin (`npx stripe-sandbox …`, `npm run sandbox -- …` at the repository root).
// One process: node loads tsx itself, so a signal sent to this process reaches the CLI.
import { parseArgs } from "./cli/args";
import { listen } from "./cli/listen";
import { serve } from "./cli/serve";
import { trigger, TRIGGER_NAMES } from "./cli/trigger";

const USAGE = `Usage: npx stripe-sandbox <command>

  serve   [--port 12111] [--host 127.0.0.1] [--snapshot file.json] [--public-url URL]
          [--forward-to URL]... [--webhook-secret whsec_…] [--retry-base-ms 1000] [--max-attempts 4] [--timeout-ms 10000]
          [--events type,type,…] [--wait-for URL] [--quiet] [--after-final-retry cancel|unpaid|past_due]
  listen  --forward-to URL [--api-base http://127.0.0.1:12111] [--print-secret]
  trigger <event> [--api-base http://127.0.0.1:12111]
          events: ${TRIGGER_NAMES.join(", ")}`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const command = args.positional[0];
  if (command === "serve") return serve(args);
  if (command === "listen") return listen(args);
  if (command === "trigger") return trigger(args);
  console.log(USAGE);
  if (command !== "help" && command !== undefined) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
