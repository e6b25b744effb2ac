import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { mailTo, type ReadMail } from "../../test-support/eml";

// The buyer's mailbox in the end-to-end run: without SMTP_URL the app writes each message as an
// .eml file under $STOREFRONT_DATA_DIR/mail/ (playwright.config.ts sets .data/e2e), and a test
// reads it there as its recipient would, links and all.

const MAIL_DIR = path.resolve(".data/e2e/mail");

/** What the store sends: the part of an .eml file's name after the time (lib/mail/transport.ts). */
export type MailKind = "verifyEmail" | "changeEmail" | "signUpAttempt" | "emailInUse" | "resetPassword";

/** The messages of `kind` sent to `to` so far, oldest first. */
export async function mailOf(to: string, kind: MailKind): Promise<ReadMail[]> {
  return (await mailTo(MAIL_DIR, to)).filter((mail) => mail.file.includes(`-${kind}-`));
}

/** Waits for the `count`th message of `kind` to `to` (the first by default) and returns it. */
export async function waitForMail(to: string, kind: MailKind, count = 1): Promise<ReadMail> {
  let found: ReadMail[] = [];
  await expect
    .poll(async () => {
      found = await mailOf(to, kind);
      return found.length;
    }, { message: `${kind} mail #${count} to ${to}`, timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
  const mail = found[count - 1];
  if (!mail) throw new Error(`no ${kind} mail #${count} to ${to}`);
  return mail;
}

/** The mail's button: its first link. */
export function linkOf(mail: ReadMail): string {
  const link = mail.links[0];
  if (!link) throw new Error(`no link in "${mail.subject}"`);
  return link;
}

/** Opens the verification link mailed to `email` at sign-up, which signs the buyer in. */
export async function followVerificationLink(page: Page, email: string): Promise<void> {
  await page.goto(linkOf(await waitForMail(email, "verifyEmail")));
}
