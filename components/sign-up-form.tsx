"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage } from "@/components/auth-result";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignUpForm({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const message = await authErrorMessage(
      () =>
        authClient.signUp.email({
          name: String(form.get("name")),
          email: String(form.get("email")),
          password: String(form.get("password")),
        }),
      "Could not create your account. Please try again.",
    );
    if (message) {
      setError(message);
      setPending(false);
      return;
    }
    // Sign-up also signs in; a full load lets every server component see the new session cookie.
    window.location.assign(next);
  }

  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      <TextField label="Name" name="name" type="text" autoComplete="name" required />
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" hint="At least 8 characters." required />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-primary w-full">
        {pending ? "Creating account…" : "Create account"}
      </button>
      <p className="text-center text-sm text-slate-600">
        Already registered?{" "}
        <Link href={signInHref} className="text-link">
          I already have an account
        </Link>
      </p>
    </form>
  );
}
