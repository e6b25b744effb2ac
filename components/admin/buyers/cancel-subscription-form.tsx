"use client";

import type { z } from "zod/mini";
import type { subscriptionCancellationRequest } from "@/lib/api-contract/admin-actions-api";
import type { Locale } from "@/lib/i18n/locales";
import type { ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { formatDate } from "@/components/format";
import { ConsoleActionCard, type ActionCardTexts } from "@/components/admin/buyers/console-action-card";
import { useConsoleAction } from "@/components/admin/buyers/use-console-action";

/** Made on the server in the operator's language. */
export interface CancelSubscriptionTexts extends ActionCardTexts {
  locale: Locale;
  when: string;
  periodEnd: string;
  now: string;
  doneNow: string;
  /** A template with {date}. */
  donePeriodEnd: string;
  doneUndated: string;
  repeated: string;
  /** Shown instead of the form when there is no subscription in force. */
  nothing: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/api-contract/admin-actions-api").then((contract) => contract.subscriptionCancellation);

export function CancelSubscriptionForm({
  userId,
  subscriptionId,
  submissionId,
  maxReason,
  texts,
}: {
  userId: string;
  /** Null when the buyer has no subscription in force: the form stays, hidden, with its last answer. */
  subscriptionId: string | null;
  submissionId: string;
  maxReason: number;
  texts: CancelSubscriptionTexts;
}) {
  const { pending, outcome, submit } = useConsoleAction("/api/admin/buyers/cancel-subscription", answer, texts.errors);

  return (
    <ConsoleActionCard
      id="cancel-subscription"
      texts={texts}
      note={subscriptionId ? undefined : texts.nothing}
      hidden={!subscriptionId}
      maxReason={maxReason}
      pending={pending}
      outcome={outcome}
      onSubmit={(event) => {
        if (!subscriptionId) {
          event.preventDefault();
          return;
        }
        const data = new FormData(event.currentTarget);
        const when = data.get("when") === "now" ? "now" : "period_end";
        const body: z.input<typeof subscriptionCancellationRequest> = { userId, subscriptionId, when, reason: String(data.get("reason")), submissionId };
        submit(event, body, (made) => {
          if (made.repeated) return texts.repeated;
          if (made.status === "canceled") return texts.doneNow;
          return made.currentPeriodEnd ? fill(texts.donePeriodEnd, { date: formatDate(texts.locale, made.currentPeriodEnd) }) : texts.doneUndated;
        });
      }}
    >
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{texts.when}</legend>
        <label className="flex min-h-11 items-center gap-3 text-sm text-slate-800">
          <input type="radio" name="when" value="period_end" defaultChecked className="size-4" />
          {texts.periodEnd}
        </label>
        <label className="flex min-h-11 items-center gap-3 text-sm text-slate-800">
          <input type="radio" name="when" value="now" className="size-4" />
          {texts.now}
        </label>
      </fieldset>
    </ConsoleActionCard>
  );
}
