"use client";

import Link from "next/link";
import { useState } from "react";
import { ApiRequestError, describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { AuthForm, AuthNotice } from "@/components/auth/auth-form-parts";

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
    <AuthNotice role="alert" title={texts.deadTitle}>
      <p>{texts.dead}</p>
      <p>
        <Link href="/forgot-password" className="button-primary">
          {texts.askAgain}
        </Link>
      </p>
    </AuthNotice>
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
  const form = useAuthForm("/sign-in", save, () => setState("done"));

  if (state === "dead") return <DeadResetLink texts={texts} />;
  if (state === "done") {
    return (
      <AuthNotice role="status" title={texts.doneTitle}>
        <p>{texts.done}</p>
        <p>
          <Link href="/sign-in" className="button-primary">
            {texts.signIn}
          </Link>
        </p>
      </AuthNotice>
    );
  }
  return (
    <AuthForm {...form} label={texts.submit} working={texts.saving}>
      <TextField label={texts.newPassword} name="newPassword" type="password" autoComplete="new-password" hint={texts.passwordHint} minLength={8} required />
    </AuthForm>
  );
}
