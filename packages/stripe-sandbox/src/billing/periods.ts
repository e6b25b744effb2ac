import type { Recurring } from "../objects/price";

/** Calendar arithmetic like Stripe's billing: a month from Jan 31 lands on the last day of February. */
export function addInterval(unixSeconds: number, recurring: Pick<Recurring, "interval" | "interval_count">): number {
  const date = new Date(unixSeconds * 1000);
  const n = recurring.interval_count;
  switch (recurring.interval) {
    case "day":
      return unixSeconds + n * 86_400;
    case "week":
      return unixSeconds + n * 7 * 86_400;
    case "month":
    case "year": {
      const months = recurring.interval === "month" ? n : n * 12;
      const target = new Date(date);
      target.setUTCDate(1);
      target.setUTCMonth(target.getUTCMonth() + months);
      const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
      return Math.floor(target.getTime() / 1000);
    }
  }
}
