"use client";

import { useState } from "react";
import type { z } from "zod/mini";
import type { catchUpRequest } from "@/lib/admin/events/events-api";
import type { Locale } from "@/lib/i18n/locales";
import { postJson, type ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { formatDateTime } from "@/components/format";
import { TextField } from "@/components/text-field";
import { ActionStatus } from "@/components/admin/events/action-status";
import { useConsoleAction } from "@/components/admin/events/use-console-action";

/** Made on the server in the operator's language (app/admin/events/page.tsx). */
export interface CatchUpTexts {
  locale: Locale;
  since: string;
  sinceHint: string;
  reason: string;
  reasonHint: string;
  catchUp: string;
  catchingUp: string;
  /** Templates: {since} {listed} {applied} {ignored} {alreadyHad} {inProgress} {failed}; {left}. */
  result: string;
  left: string;
  partial: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/admin/events/events-api").then((contract) => contract.catchUpAnswer);

/** Applies every event Stripe listed since a time that the store never finished. */
export function CatchUpForm({ texts, submissionId }: { texts: CatchUpTexts; submissionId: string }) {
  const { pending, error, done, run } = useConsoleAction(texts.errors);
  const [since, setSince] = useState("");
  const [reason, setReason] = useState("");

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void run(async () => {
      // datetime-local is the browser's local time; the API takes an instant.
      const body = { since: since ? new Date(since).toISOString() : undefined, reason, submissionId } satisfies z.input<typeof catchUpRequest>;
      const caught = await postJson("/api/admin/events/catch-up", body, answer);
      setReason("");
      const count = (n: number) => n.toLocaleString(texts.locale);
      const sentences = [
        fill(texts.result, {
          since: formatDateTime(texts.locale, caught.since),
          listed: count(caught.listed),
          applied: count(caught.applied),
          ignored: count(caught.ignored),
          alreadyHad: count(caught.alreadyHad),
          inProgress: count(caught.inProgress),
          failed: count(caught.failed),
        }),
        caught.left > 0 ? fill(texts.left, { left: count(caught.left) }) : caught.complete ? "" : texts.partial,
      ];
      return sentences.filter(Boolean).join(" ");
    });
  };

  return (
    <form onSubmit={submit} className="space-y-3">
      <TextField label={texts.since} hint={texts.sinceHint} name="since" type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)} />
      <TextField label={texts.reason} hint={texts.reasonHint} name="reason" required maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className="button-primary" disabled={pending} aria-busy={pending}>
        {pending ? texts.catchingUp : texts.catchUp}
      </button>
      <ActionStatus done={done} error={error} />
    </form>
  );
}
