"use client";

import { useState, type FormEvent } from "react";
import { authErrorMessage, type AuthClientResult } from "@/components/auth-result";

/**
 * The submit cycle both account forms share: one request at a time, its error shown in the form,
 * and on success a full load of `next` so every server component sees the new session cookie.
 */
export function useAuthForm(next: string, request: (form: FormData) => Promise<AuthClientResult>, fallback: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const message = await authErrorMessage(() => request(form), fallback);
    if (message) {
      setError(message);
      setPending(false);
      return;
    }
    window.location.assign(next);
  }

  return { pending, error, submit };
}
