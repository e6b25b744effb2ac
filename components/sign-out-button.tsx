"use client";

import { useState } from "react";
import { authClient } from "@/lib/auth-client";

export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    try {
      await authClient.signOut();
    } finally {
      // A full load, not a client transition: every server component (header, account, pricing)
      // must re-render without the session, and a failed sign-out then shows the true state.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/");
    }
  }

  return (
    <button type="button" onClick={signOut} disabled={pending} aria-busy={pending} className="button-secondary min-h-9 py-1.5">
      Sign out
    </button>
  );
}
