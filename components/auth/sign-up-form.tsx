"use client";

import Link from "next/link";
import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { fill } from "@/components/fill";
import { TextField } from "@/components/text-field";
import { NAME_MAX_LENGTH } from "@/lib/auth/input-limits";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { AuthForm, AuthNotice } from "@/components/auth/auth-form-parts";

export interface SignUpTexts {
  name: string;
  email: string;
  password: string;
  passwordHint: string;
  createAccount: string;
  creatingAccount: string;
  alreadyRegistered: string;
  haveAccount: string;
  checkInboxTitle: string;
  /** A template with {email}. */
  checkInbox: string;
  noMail: string;
  forgotPassword: string;
  errors: ErrorTexts;
}

/**
 * `next` must already be a safe same-site path (see safeNextPath). Sign-up answers a registered
 * email exactly as a new one and starts no session (lib/auth/better-auth.ts), so the form says the
 * same either way: check your inbox. The mailed link signs a new buyer in and brings them to `next`.
 */
export function SignUpForm({ next, texts }: { next: string; texts: SignUpTexts }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  async function createAccount(form: FormData): Promise<string | null> {
    const fields = { name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")) };
    const created = await postToAuth("sign-up/email", { ...fields, callbackURL: `/verify-email?next=${encodeURIComponent(next)}` });
    return created.ok ? null : describeError(created.error, texts.errors);
  }
  const form = useAuthForm(next, createAccount, (sent) => setSentTo(String(sent.get("email"))));

  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  if (sentTo) {
    return (
      <AuthNotice role="status" title={texts.checkInboxTitle}>
        <p className="break-words">{fill(texts.checkInbox, { email: sentTo })}</p>
        <p className="text-sm text-slate-600">{texts.noMail}</p>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link href={signInHref} className="text-link">
            {texts.haveAccount}
          </Link>
          <Link href="/forgot-password" className="text-link">
            {texts.forgotPassword}
          </Link>
        </p>
      </AuthNotice>
    );
  }

  return (
    <AuthForm
      {...form}
      label={texts.createAccount}
      working={texts.creatingAccount}
      after={
        <p className="text-center text-sm text-slate-600">
          {texts.alreadyRegistered}{" "}
          <Link href={signInHref} className="text-link">
            {texts.haveAccount}
          </Link>
        </p>
      }
    >
      <TextField label={texts.name} name="name" type="text" autoComplete="name" maxLength={NAME_MAX_LENGTH} required />
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
    </AuthForm>
  );
}
