"use client";

import type { z } from "zod/mini";
import type { coinAdjustmentRequest } from "@/lib/api-contract/admin-actions-api";
import type { Locale } from "@/lib/i18n/locales";
import type { ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { TextField } from "@/components/text-field";
import { ActionOutcomeText } from "@/components/admin/buyers/action-outcome";
import { useConsoleAction } from "@/components/admin/buyers/use-console-action";

/** Made on the server in the operator's language. */
export interface CoinAdjustmentTexts {
  locale: Locale;
  heading: string;
  delta: string;
  deltaHint: string;
  reason: string;
  reasonHint: string;
  submit: string;
  working: string;
  /** Templates with {balance}: the new balance, in coins. */
  done: string;
  repeated: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/api-contract/admin-actions-api").then((contract) => contract.coinAdjustment);

export function CoinAdjustmentForm({ userId, submissionId, maxReason, texts }: { userId: string; submissionId: string; maxReason: number; texts: CoinAdjustmentTexts }) {
  const { pending, outcome, submit } = useConsoleAction("/api/admin/buyers/adjust-coins", answer, texts.errors);

  return (
    <section aria-labelledby="adjust-coins-heading" className="card space-y-4">
      <h3 id="adjust-coins-heading" className="text-lg font-semibold text-slate-900">
        {texts.heading}
      </h3>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          const data = new FormData(event.currentTarget);
          const body: z.input<typeof coinAdjustmentRequest> = { userId, delta: Number(data.get("delta")), reason: String(data.get("reason")), submissionId };
          submit(event, body, (made) => fill(made.repeated ? texts.repeated : texts.done, { balance: made.coinBalance.toLocaleString(texts.locale) }));
        }}
      >
        <fieldset disabled={pending} className="space-y-4">
          <TextField label={texts.delta} hint={texts.deltaHint} name="delta" type="number" step={1} inputMode="numeric" required />
          <TextField label={texts.reason} hint={texts.reasonHint} name="reason" required maxLength={maxReason} autoComplete="off" />
          <button type="submit" className="button-primary" aria-busy={pending}>
            {pending ? texts.working : texts.submit}
          </button>
        </fieldset>
      </form>
      <ActionOutcomeText outcome={outcome} />
    </section>
  );
}
