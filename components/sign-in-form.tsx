"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage } from "@/components/auth-result";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignInForm({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const message = await authErrorMessage(
      () => authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) }),
      "Could not sign you in. Check your email and password.",
    );
    if (message) {
      setError(message);
      setPending(false);
      return;
    }
    // A full load so every server component sees the new session cookie.
    window.location.assign(next);
  }

  const signUpHref = next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;

  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-primary w-full">
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link href={signUpHref} className="text-link">
          Create an account
        </Link>
      </p>
    </form>
  );
}
