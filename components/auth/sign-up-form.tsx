"use client";

import Link from "next/link";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/auth/use-auth-form";

export interface SignUpTexts {
  name: string;
  email: string;
  password: string;
  passwordHint: string;
  createAccount: string;
  creatingAccount: string;
  alreadyRegistered: string;
  haveAccount: string;
  /** Said when the sign-in after sign-up fails: it must not tell whether the email is taken. */
  neutralFailure: string;
  errors: ErrorTexts;
}

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignUpForm({ next, texts }: { next: string; texts: SignUpTexts }) {
  // Sign-up answers a taken email exactly as a new one and starts no session (lib/auth/better-auth.ts), so the
  // form signs in next. That sign-in fails for someone else's account, and the message must then
  // not say whether the email is taken.
  async function createAccount(form: FormData): Promise<string | null> {
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    const created = await postToAuth("sign-up/email", { name: String(form.get("name")), email, password });
    if (!created.ok) return describeError(created.error, texts.errors);
    const signedIn = await postToAuth("sign-in/email", { email, password });
    if (signedIn.ok) return null;
    return signedIn.error.status === 401 ? texts.neutralFailure : describeError(signedIn.error, texts.errors);
  }
  const { pending, error, submit } = useAuthForm(next, createAccount);

  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      <TextField label={texts.name} name="name" type="text" autoComplete="name" required />
      <TextField label={texts.email} name="email" type="email" autoComplete="email" required />
      <TextField
        label={texts.password}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={texts.passwordHint}
        minLength={8}
        required
      />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-primary w-full">
        {pending ? texts.creatingAccount : texts.createAccount}
      </button>
      <p className="text-center text-sm text-slate-600">
        {texts.alreadyRegistered}{" "}
        <Link href={signInHref} className="text-link">
          {texts.haveAccount}
        </Link>
      </p>
    </form>
  );
}
