"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";

/**
 * A console form's request: one at a time, its outcome as a sentence (announced in a status
 * region) or its error (an alert), and the page re-rendered on the server afterwards, which also
 * gives the form a fresh submission id for the next action.
 */
export function useConsoleAction(errors: ErrorTexts) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function run(action: () => Promise<string>) {
    if (pending) return;
    setPending(true);
    setError(null);
    setDone(null);
    try {
      setDone(await action());
      router.refresh();
    } catch (caught) {
      setError(describeError(caught, errors));
    }
    setPending(false);
  }

  return { pending, error, done, run };
}
