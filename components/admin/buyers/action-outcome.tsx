import { FormError } from "@/components/form-error";
import type { ActionOutcome } from "@/components/admin/buyers/use-console-action";

/** A form's result: a refusal as an alert, a success as a polite status the screen reader reads out. */
export function ActionOutcomeText({ outcome }: { outcome: ActionOutcome }) {
  if (outcome?.kind === "failed") return <FormError message={outcome.message} />;
  return (
    <p role="status" className={outcome ? "rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" : "sr-only"}>
      {outcome?.message}
    </p>
  );
}
