import { setTimeout as sleep } from "node:timers/promises";

const RETRY_MS = 250;
/** A dev server may compile the route before it answers the first request; that still counts as up. */
const ANSWER_TIMEOUT_MS = 120_000;

/**
 * Resolves once `url` gives any HTTP answer, whatever its status: a 404 or 405 still means the app is
 * listening. The probe is OPTIONS because HTTP defines it as safe: it asks about the URL without running
 * it, so it can point at the webhook route itself, which then has to be loaded before the first event.
 * Rejects only when `signal` aborts.
 */
export async function untilAnswers(url: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    const answered = await fetch(url, { method: "OPTIONS", redirect: "manual", signal: AbortSignal.any([signal, AbortSignal.timeout(ANSWER_TIMEOUT_MS)]) }).then(
      async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        return true;
      },
      () => false,
    );
    if (answered) return;
    await sleep(RETRY_MS, undefined, { signal });
  }
}
