"use client";

import Link from "next/link";
import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { fill } from "@/components/fill";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/auth/use-auth-form";

export interface ForgotPasswordTexts {
  email: string;
  submit: string;
  sending: string;
  sentTitle: string;
  /** A template with {email}. */
  sent: string;
  backToSignIn: string;
  errors: ErrorTexts;
}

/** better-auth answers alike whether or not the address has an account, and so does this form. */
export function ForgotPasswordForm({ texts }: { texts: ForgotPasswordTexts }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  async function ask(form: FormData): Promise<string | null> {
    const asked = await postToAuth("request-password-reset", { email: String(form.get("email")), redirectTo: "/reset-password" });
    return asked.ok ? null : describeError(asked.error, texts.errors);
  }
  const { pending, error, submit } = useAuthForm("/", ask, (form) => setSentTo(String(form.get("email"))));

  if (sentTo) {
    return (
      <div role="status" className="space-y-4 text-slate-700">
        <h2 className="text-lg font-semibold text-slate-900">{texts.sentTitle}</h2>
        <p className="break-words">{fill(texts.sent, { email: sentTo })}</p>
        <p>
          <Link href="/sign-in" className="text-link">
            {texts.backToSignIn}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      <TextField label={texts.email} name="email" type="email" autoComplete="email" required />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-primary w-full">
        {pending ? texts.sending : texts.submit}
      </button>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="text-link">
          {texts.backToSignIn}
        </Link>
      </p>
    </form>
  );
}
