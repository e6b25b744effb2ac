"use client";

import { useState } from "react";
import type { z } from "zod/mini";
import type { reconcileNowRequest } from "@/lib/admin/reconcile/reconcile-api";
import type { Locale } from "@/lib/i18n/locales";
import { postJson, type ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { TextField } from "@/components/text-field";
import { ActionStatus } from "@/components/admin/events/action-status";
import { useConsoleAction } from "@/components/admin/events/use-console-action";

/** Made on the server in the operator's language (app/admin/reconcile/page.tsx). */
export interface RunNowTexts {
  locale: Locale;
  reason: string;
  reasonHint: string;
  runNow: string;
  running: string;
  /** Template: {checked} {changed} {delivered} {errors} {skipped}. */
  result: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/admin/reconcile/reconcile-api").then((contract) => contract.reconcileNowAnswer);

/** Runs reconcile now, as the console's run; a reason is optional. */
export function RunNowForm({ texts, submissionId }: { texts: RunNowTexts; submissionId: string }) {
  const { pending, error, done, run } = useConsoleAction(texts.errors);
  const [reason, setReason] = useState("");

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const body = { reason: reason.trim() || undefined, submissionId } satisfies z.input<typeof reconcileNowRequest>;
      const report = await postJson("/api/admin/reconcile", body, answer);
      setReason("");
      const count = (n: number) => n.toLocaleString(texts.locale);
      return fill(texts.result, { checked: count(report.checked), changed: count(report.changed), delivered: count(report.delivered), errors: count(report.errors), skipped: count(report.skipped ?? 0) });
    });
  };

  return (
    <form onSubmit={submit} className="space-y-3">
      <TextField label={texts.reason} hint={texts.reasonHint} name="reason" maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className="button-primary" disabled={pending} aria-busy={pending}>
        {pending ? texts.running : texts.runNow}
      </button>
      <ActionStatus done={done} error={error} />
    </form>
  );
}
