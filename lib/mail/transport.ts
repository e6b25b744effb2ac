import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type { MailRoute } from "@/lib/mail/mail-settings";

// How a composed message leaves: over SMTP, or as an .eml file. Both go through nodemailer, so a
// file is byte for byte the message an SMTP server would have been handed.

export interface Envelope {
  /** What the message is (verify-email, reset-password…): part of an .eml file's name. */
  kind: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

// A slow or silent mail server gives up within these; sending runs after the answer has gone
// (lib/mail/outbox.ts), so they bound how long a message waits, never how long a request does.
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

let smtp: { url: string; transporter: Transporter } | undefined;

function smtpTransporter(url: string): Transporter {
  if (smtp?.url !== url) smtp = { url, transporter: nodemailer.createTransport({ url, ...SMTP_TIMEOUTS }) };
  return smtp.transporter;
}

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });

/** A name a file system takes: the time (sortable), the kind, the recipient, and a few random letters. */
function fileName(envelope: Envelope, at: Date): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9@._+-]/g, "_");
  return `${at.toISOString().replace(/:/g, "-")}-${safe(envelope.kind)}-${safe(envelope.to)}-${randomBytes(3).toString("hex")}.eml`;
}

async function writeToFolder(envelope: Envelope, directory: string): Promise<void> {
  const { message } = (await composer.sendMail(envelope)) as { message: Buffer };
  await mkdir(directory, { recursive: true });
  // Written under a temporary name and renamed: a reader polling the folder never sees half a file.
  const final = path.join(directory, fileName(envelope, new Date()));
  const partial = `${final}.part`;
  await writeFile(partial, message);
  await rename(partial, final);
}

export async function transmit(envelope: Envelope, route: MailRoute): Promise<void> {
  if (route.kind === "files") return writeToFolder(envelope, route.directory);
  await smtpTransporter(route.url).sendMail(envelope);
}
