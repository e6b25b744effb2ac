import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { mailSettled } from "@/lib/mail/outbox";
import { newEmail, newNetwork, signUp } from "@/test-support/auth-requests";
import { parseEml } from "@/test-support/eml";
import { startSmtpSink } from "@/test-support/smtp-sink";

// Account mail never holds a request or a transaction: better-auth queues its sign-up mail until
// any transaction it runs in has committed, and lib/mail sends it in the background.

type Query = (this: Client, ...args: unknown[]) => unknown;

/** How many transactions are open right now, counted at the pg driver under every query layer. */
function watchTransactions(): { open(): number; stop(): void } {
  const prototype = Client.prototype as unknown as { query: Query };
  const send = prototype.query;
  const open = new Set<Client>();
  prototype.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === "string" ? args[0] : String((args[0] as { text?: unknown } | undefined)?.text ?? "");
    if (/^\s*BEGIN\b/i.test(text)) open.add(this);
    if (/^\s*(COMMIT|ROLLBACK)\b/i.test(text)) open.delete(this);
    return send.apply(this, args);
  };
  return { open: () => open.size, stop: () => void (prototype.query = send) };
}

async function withSmtp<T>(url: string, work: () => Promise<T>): Promise<T> {
  process.env.SMTP_URL = url;
  try {
    return await work();
  } finally {
    delete process.env.SMTP_URL;
  }
}

describe("account mail", () => {
  it("reaches the mail server with no database transaction open", async () => {
    const sink = await startSmtpSink();
    const transactions = watchTransactions();
    const openWhenConnected: number[] = [];
    sink.onConnect(() => openWhenConnected.push(transactions.open()));
    const email = newEmail();
    try {
      await withSmtp(sink.url, async () => {
        expect((await signUp({ ip: newNetwork("10.81") }, email)).status).toBe(200);
        await mailSettled();
      });
    } finally {
      transactions.stop();
      await sink.close();
    }

    expect(openWhenConnected).toEqual([0]);
    expect(parseEml(sink.messages[0] ?? "")).toMatchObject({ to: email, subject: "Confirm your email address for Storefront" });
  });

  it("answers sign-up at once while the mail server says nothing", async () => {
    const sink = await startSmtpSink("stall");
    const connected = new Promise<void>((resolve) => sink.onConnect(resolve));
    try {
      const answer = await withSmtp(sink.url, async () => {
        const started = performance.now();
        const response = await signUp({ ip: newNetwork("10.81") }, newEmail());
        await connected;
        return { status: response.status, ms: performance.now() - started };
      });
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(3_000);
    } finally {
      await sink.close();
    }
  });
});
