"use client";

import { useState } from "react";
import { describeError, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";

export interface VerifyEmailNoticeTexts {
  /** Already filled with the address. */
  message: string;
  resend: string;
  working: string;
  sent: string;
  errors: ErrorTexts;
}

/** Asks a buyer whose address is not confirmed yet to confirm it, and sends the link again. */
export function VerifyEmailNotice({ email, next, texts }: { email: string; next: string; texts: VerifyEmailNoticeTexts }) {
  const [state, setState] = useState<{ kind: "idle" | "working" | "sent" } | { kind: "failed"; message: string }>({ kind: "idle" });
  async function resend() {
    if (state.kind === "working") return;
    setState({ kind: "working" });
    const sent = await postToAuth("send-verification-email", { email, callbackURL: `/verify-email?next=${encodeURIComponent(next)}` });
    setState(sent.ok ? { kind: "sent" } : { kind: "failed", message: describeError(sent.error, texts.errors) });
  }
  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
      <p className="break-words">{texts.message}</p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="button-secondary min-h-9 px-3 py-1.5" disabled={state.kind === "working" || state.kind === "sent"} aria-busy={state.kind === "working"} onClick={() => void resend()}>
          {state.kind === "working" ? texts.working : texts.resend}
        </button>
        <p role="status" className="text-sm">
          {state.kind === "sent" ? texts.sent : state.kind === "failed" ? state.message : ""}
        </p>
      </div>
    </div>
  );
}
