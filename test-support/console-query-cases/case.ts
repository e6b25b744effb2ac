/**
 * One console query to EXPLAIN on a busy year's store (test-support/busy-store.ts): `sends` must
 * match a statement `work` sent (proof the work reached its query); `meant` names a whole read
 * that is the query's point, if one is.
 */
export interface ConsoleQueryCase {
  name: string;
  sends: RegExp;
  work: () => Promise<unknown>;
  meant?: RegExp;
}
