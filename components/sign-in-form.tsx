"use client";

import Link from "next/link";
import { postToAuth } from "@/components/auth-result";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/use-auth-form";

async function signIn(form: FormData): Promise<string | null> {
  const result = await postToAuth("sign-in/email", { email: String(form.get("email")), password: String(form.get("password")) });
  return result.ok ? null : result.message;
}

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignInForm({ next }: { next: string }) {
  const { pending, error, submit } = useAuthForm(next, signIn);

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
