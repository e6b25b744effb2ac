"use client";

import Link from "next/link";
import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { fill } from "@/components/fill";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { AuthForm, AuthNotice } from "@/components/auth/auth-form-parts";

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
  const form = useAuthForm("/", ask, (sent) => setSentTo(String(sent.get("email"))));

  if (sentTo) {
    return (
      <AuthNotice role="status" title={texts.sentTitle}>
        <p className="break-words">{fill(texts.sent, { email: sentTo })}</p>
        <p>
          <Link href="/sign-in" className="text-link">
            {texts.backToSignIn}
          </Link>
        </p>
      </AuthNotice>
    );
  }
  return (
    <AuthForm
      {...form}
      label={texts.submit}
      working={texts.sending}
      after={
        <p className="text-center text-sm">
          <Link href="/sign-in" className="text-link">
            {texts.backToSignIn}
          </Link>
        </p>
      }
    >
      <TextField label={texts.email} name="email" type="email" autoComplete="email" required />
    </AuthForm>
  );
}
