import { setTimeout as sleep } from "node:timers/promises";
import type { Locale } from "@/lib/i18n/locales";
import { composeMail, type MailFacts, type MailKind } from "@/lib/mail/compose";
import { mailRoute, senderAddress } from "@/lib/mail/mail-settings";
import { transmit } from "@/lib/mail/transport";
import { logger } from "@/lib/observability/logger";

// Sending is never part of a request: sendMail composes the message, hands it to a delivery that
// runs on its own and returns at once. A slow or unreachable mail server so never holds an answer
// (nor, since callers send after their transaction has committed, a database transaction); a
// failed attempt is tried again a little later, then logged. Answers that must not tell two cases
// apart (a registered email or not) also take the same time whether or not a message was sent.

export interface OutgoingMail {
  kind: MailKind;
  locale: Locale;
  to: string;
  facts: MailFacts;
}

/** Waits before the second and third attempts. */
const RETRY_DELAYS_MS = [2_000, 15_000];

const underway = new Set<Promise<void>>();

async function deliver(mail: OutgoingMail): Promise<void> {
  const composed = composeMail(mail.kind, mail.locale, mail.facts);
  const envelope = { kind: mail.kind, from: senderAddress(composed.storeName), to: mail.to, subject: composed.subject, text: composed.text, html: composed.html };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await transmit(envelope, mailRoute());
      logger().info({ mail: mail.kind, attempt: attempt + 1 }, "mail sent");
      return;
    } catch (error) {
      const wait = RETRY_DELAYS_MS[attempt];
      if (wait === undefined) {
        logger().error({ err: error, mail: mail.kind, attempts: attempt + 1 }, "mail could not be delivered");
        return;
      }
      logger().warn({ err: error, mail: mail.kind, attempt: attempt + 1 }, "mail delivery failed; trying again");
      await sleep(wait, undefined, { ref: false });
    }
  }
}

/** Starts delivering `mail` and returns at once; delivery failures are retried and logged, never thrown. */
export function sendMail(mail: OutgoingMail): void {
  const delivery = deliver(mail).catch((error: unknown) => logger().error({ err: error, mail: mail.kind }, "mail could not be composed"));
  underway.add(delivery);
  void delivery.finally(() => underway.delete(delivery));
}

/** Resolves once every message handed over so far has been delivered or given up on. */
export async function mailSettled(): Promise<void> {
  while (underway.size > 0) await Promise.allSettled([...underway]);
}
