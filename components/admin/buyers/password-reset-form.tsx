"use client";

import type { z } from "zod/mini";
import type { passwordResetRequest } from "@/lib/api-contract/admin-password-reset-api";
import type { ErrorTexts } from "@/components/api-client";
import { TextField } from "@/components/text-field";
import { ActionOutcomeText } from "@/components/admin/buyers/action-outcome";
import { useConsoleAction } from "@/components/admin/buyers/use-console-action";

/** Made on the server in the operator's language. */
export interface PasswordResetTexts {
  heading: string;
  intro: string;
  reason: string;
  reasonHint: string;
  submit: string;
  working: string;
  done: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/api-contract/admin-password-reset-api").then((contract) => contract.passwordResetSent);

/** Mails the buyer better-auth's reset link, to their own address only; the audit log records it. */
export function PasswordResetForm({ userId, submissionId, maxReason, texts }: { userId: string; submissionId: string; maxReason: number; texts: PasswordResetTexts }) {
  const { pending, outcome, submit } = useConsoleAction("/api/admin/buyers/send-password-reset", answer, texts.errors);
  return (
    <section aria-labelledby="password-reset-heading" className="card space-y-4">
      <h3 id="password-reset-heading" className="text-lg font-semibold text-slate-900">
        {texts.heading}
      </h3>
      <p className="text-sm text-slate-600">{texts.intro}</p>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          const body: z.input<typeof passwordResetRequest> = { userId, reason: String(new FormData(event.currentTarget).get("reason")), submissionId };
          submit(event, body, () => texts.done);
        }}
      >
        <fieldset disabled={pending} className="space-y-4">
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
