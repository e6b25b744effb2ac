"use client";

import type { z } from "zod/mini";
import type { coinAdjustmentRequest } from "@/lib/api-contract/admin-actions-api";
import type { Locale } from "@/lib/i18n/locales";
import type { ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { TextField } from "@/components/text-field";
import { ConsoleActionCard, type ActionCardTexts } from "@/components/admin/buyers/console-action-card";
import { useConsoleAction } from "@/components/admin/buyers/use-console-action";

/** Made on the server in the operator's language. */
export interface CoinAdjustmentTexts extends ActionCardTexts {
  locale: Locale;
  delta: string;
  deltaHint: string;
  /** Templates with {balance}: the new balance, in coins. */
  done: string;
  repeated: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/api-contract/admin-actions-api").then((contract) => contract.coinAdjustment);

export function CoinAdjustmentForm({ userId, submissionId, maxReason, texts }: { userId: string; submissionId: string; maxReason: number; texts: CoinAdjustmentTexts }) {
  const { pending, outcome, submit } = useConsoleAction("/api/admin/buyers/adjust-coins", answer, texts.errors);

  return (
    <ConsoleActionCard
      id="adjust-coins"
      texts={texts}
      maxReason={maxReason}
      pending={pending}
      outcome={outcome}
      onSubmit={(event) => {
        const data = new FormData(event.currentTarget);
        const body: z.input<typeof coinAdjustmentRequest> = { userId, delta: Number(data.get("delta")), reason: String(data.get("reason")), submissionId };
        submit(event, body, (made) => fill(made.repeated ? texts.repeated : texts.done, { balance: made.coinBalance.toLocaleString(texts.locale) }));
      }}
    >
      <TextField label={texts.delta} hint={texts.deltaHint} name="delta" type="number" step={1} inputMode="numeric" required />
    </ConsoleActionCard>
  );
}
