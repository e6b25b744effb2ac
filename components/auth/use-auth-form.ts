"use client";

import { useState, type FormEvent } from "react";

/**
 * The submit cycle the account forms share: one request at a time, its error shown in the form,
 * and on success either `done` (the form shows what happened) or a full load of `next`, so every
 * server component sees the new session cookie. `request` answers the message to show, or null
 * once it succeeded.
 */
export function useAuthForm(next: string, request: (form: FormData) => Promise<string | null>, done?: (form: FormData) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const message = await request(form);
    if (message) {
      setError(message);
      setPending(false);
      return;
    }
    if (!done) return window.location.assign(next);
    setPending(false);
    done(form);
  }

  return { pending, error, submit };
}
