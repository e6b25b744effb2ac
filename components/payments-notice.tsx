import type { PricingAvailability } from "@/components/pricing-availability";

const messages: Record<Exclude<PricingAvailability["state"], "ready">, { text: string; hint: string }> = {
  not_configured: {
    text: "Payments are not configured: no Stripe is set up.",
    hint: "You can look around, but nothing can be bought until the store owner connects Stripe.",
  },
  unavailable: {
    text: "Payments are temporarily unavailable.",
    hint: "We could not reach our payment provider. Please try again in a few minutes.",
  },
};

export function PaymentsNotice({ availability }: { availability: PricingAvailability }) {
  if (availability.state === "ready") return null;
  const { text, hint } = messages[availability.state];
  return (
    <div className="rounded-xl border border-amber-300 bg-amber-50 px-5 py-4 text-amber-950">
      <p className="font-semibold">{text}</p>
      <p className="mt-1 text-sm">{hint}</p>
    </div>
  );
}
