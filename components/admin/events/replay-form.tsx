"use client";

import { useState } from "react";
import type { z } from "zod/mini";
import type { replayRequest } from "@/lib/admin/events/events-api";
import { postJson, type ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { TextField } from "@/components/text-field";
import { ActionStatus } from "@/components/admin/events/action-status";
import { useConsoleAction } from "@/components/admin/events/use-console-action";

/** Made on the server in the operator's language (app/admin/events/page.tsx). */
export interface ReplayTexts {
  eventId: string;
  eventIdHint: string;
  reason: string;
  reasonHint: string;
  replay: string;
  replaying: string;
  /** Templates with {id} and {reason}. */
  results: { processed: string; duplicate: string; ignored: string };
  errors: ErrorTexts;
}

const answer = () => import("@/lib/admin/events/events-api").then((contract) => contract.replayAnswer);

/** Replays one event by id; with `eventId` given (a row of the log) only the reason is asked for. */
export function ReplayForm({ texts, submissionId, eventId }: { texts: ReplayTexts; submissionId: string; eventId?: string }) {
  const { pending, error, done, run } = useConsoleAction(texts.errors);
  const [typedId, setTypedId] = useState("");
  const [reason, setReason] = useState("");

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const body = { eventId: eventId ?? typedId.trim(), reason, submissionId } satisfies z.input<typeof replayRequest>;
      const replayed = await postJson("/api/admin/events/replay", body, answer);
      setReason("");
      return fill(texts.results[replayed.outcome], { id: replayed.eventId, reason: replayed.reason ?? "" });
    });
  };

  return (
    <form onSubmit={submit} className="space-y-3">
      {eventId === undefined && (
        <TextField
          label={texts.eventId}
          hint={texts.eventIdHint}
          name="eventId"
          required
          pattern="\s*evt_\w+\s*"
          autoComplete="off"
          spellCheck={false}
          value={typedId}
          onChange={(event) => setTypedId(event.target.value)}
        />
      )}
      <TextField label={texts.reason} hint={texts.reasonHint} name="reason" required maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className="button-primary" disabled={pending} aria-busy={pending}>
        {pending ? texts.replaying : texts.replay}
      </button>
      <ActionStatus done={done} error={error} />
    </form>
  );
}
