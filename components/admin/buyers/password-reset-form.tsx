"use client";

import type { z } from "zod/mini";
import type { passwordResetRequest } from "@/lib/api-contract/admin-password-reset-api";
import type { ErrorTexts } from "@/components/api-client";
import { ConsoleActionCard, type ActionCardTexts } from "@/components/admin/buyers/console-action-card";
import { useConsoleAction } from "@/components/admin/buyers/use-console-action";

/** Made on the server in the operator's language. */
export interface PasswordResetTexts extends ActionCardTexts {
  intro: string;
  done: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/api-contract/admin-password-reset-api").then((contract) => contract.passwordResetSent);

/** Mails the buyer better-auth's reset link, to their own address only; the audit log records it. */
export function PasswordResetForm({ userId, submissionId, maxReason, texts }: { userId: string; submissionId: string; maxReason: number; texts: PasswordResetTexts }) {
  const { pending, outcome, submit } = useConsoleAction("/api/admin/buyers/send-password-reset", answer, texts.errors);
  return (
    <ConsoleActionCard
      id="password-reset"
      texts={texts}
      note={texts.intro}
      maxReason={maxReason}
      pending={pending}
      outcome={outcome}
      onSubmit={(event) => {
        const body: z.input<typeof passwordResetRequest> = { userId, reason: String(new FormData(event.currentTarget).get("reason")), submissionId };
        submit(event, body, () => texts.done);
      }}
    />
  );
}
