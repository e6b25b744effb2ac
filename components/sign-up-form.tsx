"use client";

import Link from "next/link";
import { postToAuth } from "@/components/auth-result";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/use-auth-form";

// Sign-up answers a taken email exactly as a new one and starts no session (lib/auth.ts), so the
// form signs in next. That sign-in fails for someone else's account, and the message must then
// not say whether the email is taken.
const NEUTRAL_MESSAGE = "We couldn't create an account with these details. If you already have one, sign in.";

async function createAccount(form: FormData): Promise<string | null> {
  const email = String(form.get("email"));
  const password = String(form.get("password"));
  const created = await postToAuth("sign-up/email", { name: String(form.get("name")), email, password });
  if (!created.ok) return created.message;
  const signedIn = await postToAuth("sign-in/email", { email, password });
  if (signedIn.ok) return null;
  return signedIn.status === 401 ? NEUTRAL_MESSAGE : signedIn.message;
}

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignUpForm({ next }: { next: string }) {
  const { pending, error, submit } = useAuthForm(next, createAccount);

  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      <TextField label="Name" name="name" type="text" autoComplete="name" required />
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. A few uncommon words are easy to remember and hard to guess."
        minLength={8}
        required
      />
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
