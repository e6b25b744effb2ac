"use client";

import { useId } from "react";
import type { z } from "zod/mini";
import type { refundRequest } from "@/lib/api-contract/admin-actions-api";
import type { Locale } from "@/lib/i18n/locales";
import type { ErrorTexts } from "@/components/api-client";
import { fill } from "@/components/fill";
import { formatMoney } from "@/components/format";
import { TextField } from "@/components/text-field";
import { ConsoleActionCard, type ActionCardTexts } from "@/components/admin/buyers/console-action-card";
import { useConsoleAction } from "@/components/admin/buyers/use-console-action";

/** Made on the server in the operator's language. */
export interface RefundTexts extends ActionCardTexts {
  locale: Locale;
  payment: string;
  amount: string;
  amountHint: string;
  /** Templates with {amount}, {status} and {effect}. */
  done: string;
  doneNote: string;
  repeated: string;
  /** Shown instead of the form when no payment is left to refund. */
  nothing: string;
  errors: ErrorTexts;
}

/** A payment that can still be refunded, named as the operator reads it. */
export interface RefundablePayment {
  checkoutSessionId: string;
  label: string;
}

const answer = () => import("@/lib/api-contract/admin-actions-api").then((contract) => contract.refundMade);

/**
 * Asks Stripe for a refund; the buyer's balance or plan follows with Stripe's webhook, not here.
 */
export function RefundForm({ payments, submissionId, maxReason, texts }: { payments: RefundablePayment[]; submissionId: string; maxReason: number; texts: RefundTexts }) {
  const { pending, outcome, submit } = useConsoleAction("/api/admin/refunds", answer, texts.errors);
  const paymentId = useId();

  return (
    <ConsoleActionCard
      id="refund"
      texts={texts}
      note={payments.length === 0 ? texts.nothing : undefined}
      hidden={payments.length === 0}
      maxReason={maxReason}
      pending={pending}
      outcome={outcome}
      onSubmit={(event) => {
        const data = new FormData(event.currentTarget);
        const amount = String(data.get("amount")).trim();
        const body: z.input<typeof refundRequest> = {
          checkoutSessionId: String(data.get("payment")),
          ...(amount !== "" && { amountCents: Number(amount) }),
          reason: String(data.get("reason")),
          submissionId,
        };
        submit(event, body, (made) => {
          const amountText = formatMoney(texts.locale, made.amountCents, made.currency);
          if (made.repeated) return fill(texts.repeated, { amount: amountText });
          return `${fill(texts.done, { amount: amountText, status: made.status ?? "", effect: made.effect })} ${texts.doneNote}`;
        });
      }}
    >
      <div className="space-y-1.5">
        <label htmlFor={paymentId} className="block text-sm font-medium text-slate-800">
          {texts.payment}
        </label>
        <select
          id={paymentId}
          name="payment"
          required
          className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus-visible:border-indigo-600"
        >
          {payments.map((payment) => (
            <option key={payment.checkoutSessionId} value={payment.checkoutSessionId}>
              {payment.label}
            </option>
          ))}
        </select>
      </div>
      <TextField label={texts.amount} hint={texts.amountHint} name="amount" type="number" step={1} min={1} inputMode="numeric" />
    </ConsoleActionCard>
  );
}
