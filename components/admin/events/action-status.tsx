import { FormError } from "@/components/form-error";

/** Where a console form says how its action went: a polite status when it worked, an alert when not. */
export function ActionStatus({ done, error }: { done: string | null; error: string | null }) {
  return (
    <>
      <p role="status" className={done ? "rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" : "sr-only"}>
        {done}
      </p>
      <FormError message={error} />
    </>
  );
}
