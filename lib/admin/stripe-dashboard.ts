import { stripeMode } from "@/lib/stripe-gateway/mode";

// Links from the console to the same object in Stripe's Dashboard, in the mode the store's key is
// in (test objects live under /test/). An id the Dashboard has no page for gets no link.

const PAGES: [prefix: string, path: string][] = [
  ["pi_", "payments"],
  ["ch_", "payments"],
  ["cus_", "customers"],
  ["sub_", "subscriptions"],
  ["sub_sched_", "subscription_schedules"],
  ["in_", "invoices"],
  ["evt_", "events"],
  ["re_", "refunds"],
  ["dp_", "disputes"],
  ["du_", "disputes"],
  ["cs_", "checkout/sessions"],
];

export function stripeDashboardUrl(id: string): string | null {
  const page = PAGES.filter(([prefix]) => id.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  if (!page) return null;
  const mode = stripeMode() === "live" ? "" : "/test";
  return `https://dashboard.stripe.com${mode}/${page[1]}/${encodeURIComponent(id)}`;
}
