"use client";

import { useState } from "react";
import { NETWORK_ERROR_MESSAGE, toApiRequestError } from "@/components/api-client";
import { FormError } from "@/components/form-error";

/**
 * Sends the buyer to Stripe's billing portal to cancel or renew their subscription, or, with
 * `updateCard`, straight to its card form to fix a failed renewal.
 */
export function ManageSubscriptionButton({ updateCard = false }: { updateCard?: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/billing-portal", {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: updateCard ? JSON.stringify({ flow: "payment_method_update" }) : undefined,
      });
      if (response.ok) {
        const { url } = (await response.json()) as { url: string };
        window.location.assign(url);
        return;
      }
      setError((await toApiRequestError(response)).message);
    } catch {
      setError(NETWORK_ERROR_MESSAGE);
    }
    setPending(false);
  }

  return (
    <div className="mt-3 space-y-2">
      <button type="button" onClick={open} disabled={pending} aria-busy={pending} className="text-link text-sm font-medium">
        {pending ? "Opening billing…" : updateCard ? "Update card" : "Manage subscription"}
      </button>
      <FormError message={error} />
    </div>
  );
}
