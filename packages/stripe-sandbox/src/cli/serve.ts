import { startSandbox } from "../server";
import { flag, flags, type Args } from "./args";
import { newWebhookSecret } from "../core/ids";
import { AFTER_FINAL_RETRY, parseAfterFinalRetry, type AfterFinalRetry } from "../core/settings";
import { retryDelayMs } from "../webhooks/schedule";
import type { DeliverySettings } from "../webhooks/settings";
import { untilAnswers } from "./wait-for";

function describeDelivery(settings: DeliverySettings): string {
  const retries = Array.from({ length: Math.max(0, settings.maxAttempts - 1) }, (_, i) => retryDelayMs(i + 1, settings.timeScale));
  return `Webhook delivery: up to ${settings.concurrency} at once per endpoint, retries after ${retries.join(", ") || "none"} ms, disabled after ${settings.disableAfterMs} ms of failures`;
}

const ENDINGS: Record<AfterFinalRetry, string> = {
  cancel: "cancel the subscription",
  unpaid: "mark the subscription unpaid",
  past_due: "leave the subscription past_due",
};

export async function serve(args: Args): Promise<void> {
  const forwardTo = flags(args, "forward-to");
  const secret = flag(args, "webhook-secret") ?? newWebhookSecret();
  const port = Number(flag(args, "port") ?? 12111);
  // Like a Dashboard endpoint's enabled events (and `stripe listen --events`): the rest are not sent.
  const events = flag(args, "events")
    ?.split(",")
    .map((type) => type.trim())
    .filter(Boolean);
  // The Dashboard's "Manage failed payments" choice for when every retry of a renewal has failed.
  const afterFinalRetryFlag = flag(args, "after-final-retry");
  const afterFinalRetry = afterFinalRetryFlag === undefined ? undefined : parseAfterFinalRetry(afterFinalRetryFlag);
  if (afterFinalRetryFlag !== undefined && !afterFinalRetry) throw new Error(`--after-final-retry must be one of ${AFTER_FINAL_RETRY.join(", ")}`);
  const sandbox = await startSandbox({
    port,
    host: flag(args, "host") ?? "127.0.0.1",
    ...(flag(args, "public-url") ? { publicUrl: flag(args, "public-url") } : {}),
    ...(flag(args, "snapshot") ? { snapshot: flag(args, "snapshot") } : {}),
    webhookEndpoints: forwardTo.map((url) => ({ url, secret, ...(events && { enabledEvents: events }) })),
    listenSecret: secret,
    ...(afterFinalRetry ? { settings: { afterFinalRetry } } : {}),
    delivery: {
      ...(flag(args, "retry-base-ms") ? { retryBaseMs: Number(flag(args, "retry-base-ms")) } : {}),
      ...(flag(args, "max-attempts") ? { maxAttempts: Number(flag(args, "max-attempts")) } : {}),
      ...(flag(args, "timeout-ms") ? { timeoutMs: Number(flag(args, "timeout-ms")) } : {}),
      ...(flag(args, "concurrency") ? { concurrency: Number(flag(args, "concurrency")) } : {}),
      ...(flag(args, "time-scale") ? { timeScale: Number(flag(args, "time-scale")) } : {}),
      ...(flag(args, "disable-after-ms") ? { disableAfterMs: Number(flag(args, "disable-after-ms")) } : {}),
    },
  });
  const { deliverer } = sandbox.runtime;
  // --quiet is for a launcher that prints its own summary: only what went wrong is worth a line then.
  const quiet = flag(args, "quiet") === "true";
  deliverer.onAttempt = (a) => {
    if (quiet && a.ok) return;
    console.log(`<--  [${a.status ?? "ERR"}] POST ${a.url} [${a.eventId}] ${a.type} (attempt ${a.attempt}${a.error ? `, ${a.error}` : ""})`);
  };
  const waitFor = flag(args, "wait-for");
  const probe = new AbortController();
  if (waitFor) {
    // Held from before the first event: an app that is still starting would otherwise fail every
    // delivery (and log it) and wait out the retry backoff for the events it missed.
    deliverer.hold();
    void untilAnswers(waitFor, probe.signal).then(
      () => deliverer.release(),
      () => undefined,
    );
  }
  const stop = (): void => {
    probe.abort();
    void sandbox.close().then(() => process.exit(0));
  };
  // Before the ready line: whoever reads it may send a signal at once, and must get a clean close (snapshot flush).
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (!quiet) console.log(`Stripe sandbox ready on ${sandbox.url} (public ${sandbox.publicUrl})`);
  // A secret the caller chose is theirs already; echoing it would only put it in logs. A generated one
  // is printed even with --quiet, since the caller has no other way to learn it.
  if (!flag(args, "webhook-secret")) console.log(`Webhook signing secret: ${secret}`);
  if (quiet) return;
  for (const url of forwardTo) console.log(`Forwarding ${events ? `${events.length} event types` : "events"} to ${url}`);
  if (waitFor) console.log(`Holding webhook deliveries until ${waitFor} answers`);
  console.log(describeDelivery(deliverer.settings));
  console.log(`After the final payment retry: ${ENDINGS[sandbox.runtime.settings.afterFinalRetry]}`);
}
