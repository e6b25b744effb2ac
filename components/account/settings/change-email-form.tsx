"use client";

import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { fill } from "@/components/fill";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";

export interface ChangeEmailTexts {
  heading: string;
  newEmail: string;
  password: string;
  submit: string;
  working: string;
  /** A template with {email} and {current}. */
  sent: string;
  errors: ErrorTexts;
}

/** better-auth mails a link to the new address; the address changes once it is opened there. */
export function ChangeEmailForm({ current, texts }: { current: string; texts: ChangeEmailTexts }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  async function change(form: FormData): Promise<string | null> {
    const fields = { newEmail: String(form.get("newEmail")), password: String(form.get("password")), callbackURL: "/verify-email?next=%2Faccount%2Fsettings" };
    const asked = await postToAuth("change-email", fields);
    return asked.ok ? null : describeError(asked.error, texts.errors);
  }
  const { pending, error, submit } = useAuthForm("/account/settings", change, (form) => setSentTo(String(form.get("newEmail"))));

  return (
    <form onSubmit={submit} className="space-y-4" aria-label={texts.heading}>
      <FormError message={error} />
      {sentTo && (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm break-words text-emerald-900">
          {fill(texts.sent, { email: sentTo, current })}
        </p>
      )}
      <TextField label={texts.newEmail} name="newEmail" type="email" autoComplete="email" required />
      <TextField label={texts.password} name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-secondary">
        {pending ? texts.working : texts.submit}
      </button>
    </form>
  );
}
