import type { FormEventHandler, ReactNode } from "react";
import { FormError } from "@/components/form-error";
import { TextField } from "@/components/text-field";
import type { ActionOutcome } from "@/components/admin/buyers/use-console-action";

/** The texts every console action has: the audit log keeps each action's reason. */
export interface ActionCardTexts {
  heading: string;
  reason: string;
  reasonHint: string;
  submit: string;
  working: string;
}

/** A form's result: a refusal as an alert, a success as a polite status the screen reader reads out. */
function OutcomeText({ outcome }: { outcome: ActionOutcome }) {
  if (outcome?.kind === "failed") return <FormError message={outcome.message} />;
  return (
    <p role="status" className={outcome ? "rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" : "sr-only"}>
      {outcome?.message}
    </p>
  );
}

/**
 * One action on a buyer's page: its heading and note, its own fields, the reason, the submit
 * button (all disabled while the request is in flight) and the answer. A form with nothing to act
 * on is hidden rather than left out, so the answer to its last use stays on screen after the
 * page's data is read again.
 */
export function ConsoleActionCard({
  id,
  texts,
  note,
  hidden = false,
  maxReason,
  pending,
  outcome,
  onSubmit,
  children,
}: {
  /** Names the heading's id, `${id}-heading`. */
  id: string;
  texts: ActionCardTexts;
  note?: string;
  hidden?: boolean;
  maxReason: number;
  pending: boolean;
  outcome: ActionOutcome;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children?: ReactNode;
}) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="card space-y-4">
      <h3 id={headingId} className="text-lg font-semibold text-slate-900">
        {texts.heading}
      </h3>
      {note && <p className="text-sm text-slate-600">{note}</p>}
      <form hidden={hidden} className="space-y-4" onSubmit={onSubmit}>
        <fieldset disabled={pending} className="space-y-4">
          {children}
          <TextField label={texts.reason} hint={texts.reasonHint} name="reason" required maxLength={maxReason} autoComplete="off" />
          <button type="submit" className="button-primary" aria-busy={pending}>
            {pending ? texts.working : texts.submit}
          </button>
        </fieldset>
      </form>
      <OutcomeText outcome={outcome} />
    </section>
  );
}
