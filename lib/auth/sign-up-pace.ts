import { setTimeout as sleep } from "node:timers/promises";

// Sign-up answers a registered email with the same body as a new one (lib/auth/better-auth.ts),
// and better-auth hashes the password either way; but a new account also costs two inserts, a
// verification token and its mail, so a registered email was answered some milliseconds sooner
// (issue 24.7: ~7 ms over HTTP, enough over a few dozen tries to tell which addresses have
// accounts). No work can be added to the short path that costs exactly what the inserts cost, so
// every sign-up answer waits instead until SIGN_UP_FLOOR_MS after the body was read: both paths
// finish well before it (the hash, ~100 ms on one busy core, is most of either), and both leave at
// the same moment. Only a server so loaded that a sign-up takes longer than the floor answers at
// its own pace, and then the load's noise dwarfs the inserts.

/** Several times what a sign-up takes on a busy 2-core machine; a buyer waits half a second once. */
export const SIGN_UP_FLOOR_MS = 500;

/** Runs better-auth's sign-up and hands its answer (or its error) back no sooner than the floor. */
export async function atSignUpPace(signUp: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  try {
    return await signUp();
  } finally {
    const early = SIGN_UP_FLOOR_MS - (performance.now() - started);
    if (early > 0) await sleep(early);
  }
}
