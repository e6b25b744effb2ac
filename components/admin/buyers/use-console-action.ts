"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { z } from "zod/mini";
import { ApiRequestError, describeError, postJson, type ErrorTexts, type SchemaImport } from "@/components/api-client";

/** What a console form shows: nothing yet, a success in words, or what went wrong. */
export type ActionOutcome = { kind: "done"; message: string } | { kind: "failed"; message: string } | null;

/**
 * A console action form's behaviour: the form is disabled while its one request is in flight, the
 * API's own message is shown when it refuses (in Chinese, the translated gist first, then the
 * API's words, which carry the numbers), and the page's data is read again after a success (the
 * server then renders the form with a new submission id).
 */
export function useConsoleAction<Schema extends z.ZodMiniType>(url: string, answer: SchemaImport<Schema>, errors: ErrorTexts) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome>(null);

  function submit(event: FormEvent<HTMLFormElement>, body: object, describe: (answer: z.infer<Schema>) => string) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    setPending(true);
    setOutcome(null);
    postJson(url, body, answer)
      .then((answered) => {
        setOutcome({ kind: "done", message: describe(answered) });
        form.reset();
        router.refresh();
      })
      .catch((error: unknown) => {
        const gist = describeError(error, errors);
        const detail = error instanceof ApiRequestError ? error.serverMessage : undefined;
        setOutcome({ kind: "failed", message: detail && detail !== gist ? `${gist} (${detail})` : gist });
      })
      .finally(() => setPending(false));
  }

  return { pending, outcome, submit };
}
