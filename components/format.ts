import { formatCents } from "@/lib/catalog";

// Server-rendered dates use UTC, labelled as such, so the text never depends on where the server runs.
const dateTime = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});
const dateOnly = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

export function formatAmount(cents: number, currency: string): string {
  if (currency.toLowerCase() === "usd") return formatCents(cents);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

export function formatCoinChange(delta: number): string {
  return delta.toLocaleString("en-US", { signDisplay: "exceptZero" });
}

/** "no_payment_required" → "No payment required". */
export function humanize(value: string): string {
  const words = value.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
