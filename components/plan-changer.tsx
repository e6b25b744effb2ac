"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatCents, plans } from "@/lib/catalog";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import { ApiRequestError, NETWORK_ERROR_MESSAGE, toApiRequestError } from "@/components/api-client";
import { FormError } from "@/components/form-error";
import { formatDate } from "@/components/format";

type Preview =
  | { kind: "upgrade"; amountDue: number; prorationDate: number }
  | { kind: "downgrade"; effectiveAt: string | null }
  | { kind: "undo_downgrade" };

async function post<T>(url: string, body: object): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await toApiRequestError(response);
  return (await response.json()) as T;
}

function confirmText(name: string, preview: Preview, currentName: string): string {
  if (preview.kind === "upgrade") return `Switch to ${name} now and pay ${formatCents(preview.amountDue)} today for the rest of this period.`;
  if (preview.kind === "downgrade") {
    const when = preview.effectiveAt ? formatDate(preview.effectiveAt) : "the end of this period";
    return `Switch to ${name} from ${when}. You keep ${currentName} until then, and pay the lower price from that renewal.`;
  }
  return `Keep ${currentName} and cancel the scheduled change.`;
}

/**
 * Moves a subscriber to another monthly plan on their one subscription: the price of an upgrade
 * is shown (from Stripe's preview) before anything is charged.
 */
export function PlanChanger({ current, scheduledTier }: { current: PlanTier; scheduledTier: PlanTier | null }) {
  const router = useRouter();
  const [choice, setChoice] = useState<{ key: string; name: string; preview: Preview } | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const currentName = plans.find((p) => p.tier === current)?.name ?? current;

  async function run(action: () => Promise<void>) {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : NETWORK_ERROR_MESSAGE);
    }
    setPending(false);
  }

  const review = (key: string, name: string) =>
    run(async () => setChoice({ key, name, preview: await post<Preview>("/api/plan/preview", { plan: key }) }));
  const confirm = () =>
    run(async () => {
      if (!choice) return;
      const prorationDate = choice.preview.kind === "upgrade" ? choice.preview.prorationDate : undefined;
      await post("/api/plan/change", { plan: choice.key, prorationDate });
      setChoice(null);
      router.refresh();
    });

  const others = plans.filter((p) => p.interval === "month" && p.tier !== current && p.tier !== scheduledTier);
  return (
    <section aria-labelledby="change-plan" className="card space-y-3">
      <h2 id="change-plan" className="text-lg font-semibold text-slate-900">
        Change plan
      </h2>
      {choice ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">{confirmText(choice.name, choice.preview, currentName)}</p>
          <div className="flex flex-wrap gap-3">
            <button type="button" className="button-primary" onClick={confirm} disabled={pending} aria-busy={pending}>
              {pending ? "Switching…" : "Confirm"}
            </button>
            <button type="button" className="text-link text-sm" onClick={() => setChoice(null)} disabled={pending}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-3">
          {scheduledTier && (
            <button type="button" className="button-secondary" onClick={() => review(plans.find((p) => p.tier === current)?.key ?? "", currentName)} disabled={pending}>
              Keep {currentName}
            </button>
          )}
          {others.map((plan) => (
            <button key={plan.key} type="button" className="button-secondary" onClick={() => review(plan.key, plan.name)} disabled={pending}>
              Switch to {plan.name} ({formatCents(plan.cents)} a month)
            </button>
          ))}
        </div>
      )}
      <FormError message={error} />
    </section>
  );
}
