import type fc from "fast-check";

// fast-check prints the whole counterexample when a property fails, which here is thousands of
// generated deliveries; a failure should show the seed and path to replay it, and the
// assertion that failed.
export function replayable<T>(seed: number): fc.Parameters<T> {
  return {
    seed,
    endOnFailure: true,
    asyncReporter: async (details) => {
      if (!details.failed) return;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`property failed (replay with seed ${details.seed}, path "${details.counterexamplePath ?? ""}"):\n${cause}`);
    },
  };
}
