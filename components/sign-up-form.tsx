"use client";

import Link from "next/link";
import { authClient } from "@/lib/auth-client";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/use-auth-form";

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignUpForm({ next }: { next: string }) {
  // Sign-up also signs the buyer in.
  const { pending, error, submit } = useAuthForm(
    next,
    (form) =>
      authClient.signUp.email({
        name: String(form.get("name")),
        email: String(form.get("email")),
        password: String(form.get("password")),
      }),
    "Could not create your account. Please try again.",
  );

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
