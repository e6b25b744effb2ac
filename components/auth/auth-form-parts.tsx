import type { FormEventHandler, ReactNode } from "react";
import { FormError } from "@/components/form-error";

// The two shapes every account form takes (sign-in, sign-up, forgot and reset password): the form
// itself, and the notice it turns into once it has done its work or cannot.

/**
 * The form: its error above the fields, then the fields (`children`), one submit button that
 * says when it is working and takes no second click meanwhile, then whatever follows (`after`).
 */
export function AuthForm({
  submit,
  pending,
  error,
  label,
  working,
  after,
  children,
}: {
  submit: FormEventHandler<HTMLFormElement>;
  pending: boolean;
  error: string | null;
  label: string;
  working: string;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form onSubmit={submit} className="space-y-5">
      <FormError message={error} />
      {children}
      <button type="submit" disabled={pending} aria-busy={pending} className="button-primary w-full">
        {pending ? working : label}
      </button>
      {after}
    </form>
  );
}

/** What a form shows in its place: read out at once, as news (`status`) or as a problem (`alert`). */
export function AuthNotice({ role, title, children }: { role: "status" | "alert"; title: string; children: ReactNode }) {
  return (
    <div role={role} className="space-y-4 text-slate-700">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      {children}
    </div>
  );
}
