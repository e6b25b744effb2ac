"use client";

import Link from "next/link";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { TextField } from "@/components/text-field";
import { useAuthForm } from "@/components/auth/use-auth-form";
import { AuthForm } from "@/components/auth/auth-form-parts";

export interface SignInTexts {
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  newHere: string;
  createAnAccount: string;
  forgotPassword: string;
  errors: ErrorTexts;
}

/** `next` must already be a safe same-site path (see safeNextPath). */
export function SignInForm({ next, texts }: { next: string; texts: SignInTexts }) {
  async function signIn(form: FormData): Promise<string | null> {
    const result = await postToAuth("sign-in/email", { email: String(form.get("email")), password: String(form.get("password")) });
    return result.ok ? null : describeError(result.error, texts.errors);
  }
  const form = useAuthForm(next, signIn);

  const signUpHref = next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;

  return (
    <AuthForm
      {...form}
      label={texts.signIn}
      working={texts.signingIn}
      after={
        <p className="text-center text-sm text-slate-600">
          {texts.newHere}{" "}
          <Link href={signUpHref} className="text-link">
            {texts.createAnAccount}
          </Link>
        </p>
      }
    >
      <TextField label={texts.email} name="email" type="email" autoComplete="email" required />
      <TextField label={texts.password} name="password" type="password" autoComplete="current-password" required />
      <p className="text-right text-sm">
        <Link href="/forgot-password" className="text-link">
          {texts.forgotPassword}
        </Link>
      </p>
    </AuthForm>
  );
}
