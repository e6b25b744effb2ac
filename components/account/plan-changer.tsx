"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { z } from "zod/mini";
import type { PlanChange, planChangeRequest, planPreviewRequest } from "@/lib/api-contract/plans-api";
import type { Locale } from "@/lib/i18n/locales";
import { describeError, postJson, type ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { FormError } from "@/components/form-error";
import { formatDate, formatMoney } from "@/components/format";

type Preview = PlanChange;

/** Made on the server in the buyer's language (lib/i18n/account-texts.ts). */
export interface PlanChangerTexts {
  locale: Locale;
  heading: string;
  /** Plans to switch to, with their price: "Switch to Advanced ($15 a month)". */
  options: { key: string; name: string; label: string }[];
  /** Set while a downgrade is scheduled: the button that keeps the current plan. */
  keep: { key: string; label: string } | null;
  currentName: string;
  /** Templates with {plan}, {amount}, {date} and {current}, filled once Stripe's preview is known. */
  confirmUpgrade: string;
  confirmDowngrade: string;
  confirmDowngradeAtPeriodEnd: string;
  confirmKeep: string;
  confirm: string;
  switching: string;
  cancel: string;
  errors: ErrorTexts;
}

function confirmText(texts: PlanChangerTexts, name: string, preview: Preview): string {
  const values = { plan: name, current: texts.currentName };
  if (preview.kind === "upgrade") return fill(texts.confirmUpgrade, { ...values, amount: formatMoney(texts.locale, preview.amountDue) });
  if (preview.kind === "downgrade") {
    return preview.effectiveAt
      ? fill(texts.confirmDowngrade, { ...values, date: formatDate(texts.locale, preview.effectiveAt) })
      : fill(texts.confirmDowngradeAtPeriodEnd, values);
  }
  return fill(texts.confirmKeep, values);
}

/**
 * Moves a subscriber to another monthly plan on their one subscription: the price of an upgrade
 * is shown (from Stripe's preview) before anything is charged.
 */
export function PlanChanger({ texts }: { texts: PlanChangerTexts }) {
  const router = useRouter();
  const [choice, setChoice] = useState<{ key: string; name: string; preview: Preview } | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<void>) {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught, texts.errors));
    }
    setPending(false);
  }

  const planChange = () => import("@/lib/api-contract/plans-api").then((contract) => contract.planChange);
  const review = (key: string, name: string) =>
    run(async () => setChoice({ key, name, preview: await postJson("/api/plan/preview", { plan: key } satisfies z.infer<typeof planPreviewRequest>, planChange) }));
  const confirm = () =>
    run(async () => {
      if (!choice) return;
      const prorationDate = choice.preview.kind === "upgrade" ? choice.preview.prorationDate : undefined;
      await postJson("/api/plan/change", { plan: choice.key, prorationDate } satisfies z.infer<typeof planChangeRequest>, planChange);
      setChoice(null);
      router.refresh();
    });

  return (
    <section aria-labelledby="change-plan" className="card space-y-3">
      <h2 id="change-plan" className="text-lg font-semibold text-slate-900">
        {texts.heading}
      </h2>
      {choice ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">{confirmText(texts, choice.name, choice.preview)}</p>
          <div className="flex flex-wrap gap-3">
            <button type="button" className="button-primary" onClick={confirm} disabled={pending} aria-busy={pending}>
              {pending ? texts.switching : texts.confirm}
            </button>
            <button type="button" className="text-link text-sm" onClick={() => setChoice(null)} disabled={pending}>
              {texts.cancel}
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-3">
          {texts.keep && (
            <button type="button" className="button-secondary" onClick={() => texts.keep && review(texts.keep.key, texts.currentName)} disabled={pending}>
              {texts.keep.label}
            </button>
          )}
          {texts.options.map((option) => (
            <button key={option.key} type="button" className="button-secondary" onClick={() => review(option.key, option.name)} disabled={pending}>
              {option.label}
            </button>
          ))}
        </div>
      )}
      <FormError message={error} />
    </section>
  );
}
