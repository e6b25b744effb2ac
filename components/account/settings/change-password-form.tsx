"use client";

import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";

export interface ChangePasswordTexts {
  heading: string;
  currentPassword: string;
  newPassword: string;
  hint: string;
  submit: string;
  working: string;
  done: string;
  errors: ErrorTexts;
}

/** better-auth's change-password, current password required; every other device is signed out. */
export function ChangePasswordForm({ texts }: { texts: ChangePasswordTexts }) {
  const [done, setDone] = useState(false);
  async function change(form: FormData): Promise<string | null> {
    setDone(false);
    const fields = { currentPassword: String(form.get("currentPassword")), newPassword: String(form.get("newPassword")), revokeOtherSessions: true };
    const changed = await postToAuth("change-password", fields);
    return changed.ok ? null : describeError(changed.error, texts.errors);
  }
  const { pending, error, submit } = useAuthForm("/account/settings", change, () => setDone(true));

  return (
    <form onSubmit={submit} className="space-y-4" aria-label={texts.heading}>
      <FormError message={error} />
      {done && (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          {texts.done}
        </p>
      )}
      <TextField label={texts.currentPassword} name="currentPassword" type="password" autoComplete="current-password" required />
      <TextField label={texts.newPassword} name="newPassword" type="password" autoComplete="new-password" hint={texts.hint} minLength={8} required />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-secondary">
        {pending ? texts.working : texts.submit}
      </button>
    </form>
  );
}
