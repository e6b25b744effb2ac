"use client";

import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";

export interface DeleteAccountTexts {
  heading: string;
  warning: string;
  password: string;
  submit: string;
  working: string;
  errors: ErrorTexts;
}

/** better-auth's deleteUser with the password; the home page, signed out, follows. */
export function DeleteAccountForm({ texts }: { texts: DeleteAccountTexts }) {
  async function remove(form: FormData): Promise<string | null> {
    const deleted = await postToAuth("delete-user", { password: String(form.get("password")) });
    return deleted.ok ? null : describeError(deleted.error, texts.errors);
  }
  const { pending, error, submit } = useAuthForm("/", remove);

  return (
    <form onSubmit={submit} className="space-y-4" aria-label={texts.heading}>
      <p className="text-sm text-slate-700">{texts.warning}</p>
      <FormError message={error} />
      <TextField label={texts.password} name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending} aria-busy={pending} className="rounded-lg bg-red-700 px-4 py-2.5 font-semibold text-white hover:bg-red-800 disabled:opacity-60">
        {pending ? texts.working : texts.submit}
      </button>
    </form>
  );
}
