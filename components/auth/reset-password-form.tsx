"use client";

import Link from "next/link";
import { useState } from "react";
import { ApiRequestError, describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/auth/use-auth-form";

export interface ResetPasswordTexts {
  newPassword: string;
  passwordHint: string;
  submit: string;
  saving: string;
  doneTitle: string;
  done: string;
  signIn: string;
  deadTitle: string;
  dead: string;
  askAgain: string;
  errors: ErrorTexts;
}

/** The link's way out when it no longer works: why, and a new one. */
export function DeadResetLink({ texts }: { texts: Pick<ResetPasswordTexts, "deadTitle" | "dead" | "askAgain"> }) {
  return (
    <div role="alert" className="space-y-4 text-slate-700">
      <h2 className="text-lg font-semibold text-slate-900">{texts.deadTitle}</h2>
      <p>{texts.dead}</p>
      <p>
        <Link href="/forgot-password" className="button-primary">
          {texts.askAgain}
        </Link>
      </p>
    </div>
  );
}

export function ResetPasswordForm({ token, texts }: { token: string; texts: ResetPasswordTexts }) {
  const [state, setState] = useState<"form" | "done" | "dead">("form");
  async function save(form: FormData): Promise<string | null> {
    const saved = await postToAuth("reset-password", { token, newPassword: String(form.get("newPassword")) });
    if (saved.ok) return null;
    if (saved.error instanceof ApiRequestError && saved.error.code === "invalid_token") setState("dead");
    return describeError(saved.error, texts.errors);
  }
  const { pending, error, submit } = useAuthForm("/sign-in", save, () => setState("done"));

  if (state === "dead") return <DeadResetLink texts={texts} />;
  if (state === "done") {
    return (
      <div role="status" className="space-y-4 text-slate-700">
        <h2 className="text-lg font-semibold text-slate-900">{texts.doneTitle}</h2>
        <p>{texts.done}</p>
        <p>
          <Link href="/sign-in" className="button-primary">
            {texts.signIn}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      <TextField label={texts.newPassword} name="newPassword" type="password" autoComplete="new-password" hint={texts.passwordHint} minLength={8} required />
      <button type="submit" disabled={pending} aria-busy={pending} className="button-primary w-full">
        {pending ? texts.saving : texts.submit}
      </button>
    </form>
  );
}
