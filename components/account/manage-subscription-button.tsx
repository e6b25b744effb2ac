"use client";

import { useState } from "react";
import type { PortalRequest } from "@/lib/api-contract/billing-portal-api";
import { describeError, postJson, type ErrorTexts } from "@/components/api-client";
import { FormError } from "@/components/form-error";

export interface ManageSubscriptionTexts {
  manage: string;
  updateCard: string;
  opening: string;
  errors: ErrorTexts;
}

/**
 * Sends the buyer to Stripe's billing portal to cancel or renew their subscription, or, with
 * `updateCard`, straight to its card form to fix a failed renewal.
 */
export function ManageSubscriptionButton({ updateCard = false, texts }: { updateCard?: boolean; texts: ManageSubscriptionTexts }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const { url } = await postJson("/api/billing-portal", updateCard ? ({ flow: "payment_method_update" } satisfies PortalRequest) : undefined, () =>
        import("@/lib/api-contract/billing-portal-api").then((contract) => contract.portalOpened),
      );
      window.location.assign(url);
      return;
    } catch (failure) {
      setError(describeError(failure, texts.errors));
    }
    setPending(false);
  }

  return (
    <div className="mt-3 space-y-2">
      <button type="button" onClick={open} disabled={pending} aria-busy={pending} className="text-link text-sm font-medium">
        {pending ? texts.opening : updateCard ? texts.updateCard : texts.manage}
      </button>
      <FormError message={error} />
    </div>
  );
}
