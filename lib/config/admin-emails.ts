import { env } from "@/lib/config/env";

// ADMIN_EMAILS (comma-separated) names the store's operators from the environment: they sign up as
// admins and are made admins on their next visit to the console, so a fresh deployment needs no
// command to open its console. It always wins: to take the role away, remove the email here too.

export function seededOperatorEmails(): string[] {
  return (env().ADMIN_EMAILS ?? "")
    .split(",")
    .map((email) => email.trim().toLowerCase())
    .filter(Boolean);
}

export function isSeededOperator(email: string): boolean {
  return seededOperatorEmails().includes(email.trim().toLowerCase());
}
