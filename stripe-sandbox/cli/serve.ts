import { startSandbox } from "../server";
import { flag, flags, type Args } from "./args";
import { newWebhookSecret } from "../core/ids";
import { retryDelayMs } from "../webhooks/schedule";
import type { DeliverySettings } from "../webhooks/settings";

function describeDelivery(settings: DeliverySettings): string {
  const retries = Array.from({ length: Math.max(0, settings.maxAttempts - 1) }, (_, i) => retryDelayMs(i + 1, settings.timeScale));
  return `Webhook delivery: up to ${settings.concurrency} at once per endpoint, retries after ${retries.join(", ") || "none"} ms, disabled after ${settings.disableAfterMs} ms of failures`;
}

export async function serve(args: Args): Promise<void> {
  const forwardTo = flags(args, "forward-to");
  const secret = flag(args, "webhook-secret") ?? newWebhookSecret();
  const port = Number(flag(args, "port") ?? 12111);
  const sandbox = await startSandbox({
    port,
    host: flag(args, "host") ?? "127.0.0.1",
    ...(flag(args, "public-url") ? { publicUrl: flag(args, "public-url") } : {}),
    ...(flag(args, "snapshot") ? { snapshot: flag(args, "snapshot") } : {}),
    webhookEndpoints: forwardTo.map((url) => ({ url, secret })),
    listenSecret: secret,
    delivery: {
      ...(flag(args, "retry-base-ms") ? { retryBaseMs: Number(flag(args, "retry-base-ms")) } : {}),
      ...(flag(args, "max-attempts") ? { maxAttempts: Number(flag(args, "max-attempts")) } : {}),
      ...(flag(args, "timeout-ms") ? { timeoutMs: Number(flag(args, "timeout-ms")) } : {}),
      ...(flag(args, "concurrency") ? { concurrency: Number(flag(args, "concurrency")) } : {}),
      ...(flag(args, "time-scale") ? { timeScale: Number(flag(args, "time-scale")) } : {}),
      ...(flag(args, "disable-after-ms") ? { disableAfterMs: Number(flag(args, "disable-after-ms")) } : {}),
    },
  });
  sandbox.runtime.deliverer.onAttempt = (a) => {
    console.log(`<--  [${a.status ?? "ERR"}] POST ${a.url} [${a.eventId}] ${a.type} (attempt ${a.attempt}${a.error ? `, ${a.error}` : ""})`);
  };
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  // Before the ready line: whoever reads it may send a signal at once, and must get a clean close (snapshot flush).
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`Stripe sandbox ready on ${sandbox.url} (public ${sandbox.publicUrl})`);
  // A secret the caller chose is theirs already; echoing it would only put it in logs.
  if (!flag(args, "webhook-secret")) console.log(`Webhook signing secret: ${secret}`);
  for (const url of forwardTo) console.log(`Forwarding events to ${url}`);
  console.log(describeDelivery(sandbox.runtime.deliverer.settings));
}
