"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeError, postJson, type ErrorTexts } from "@/components/api-client";
import { postToAuth } from "@/components/auth/auth-result";
import { FormError } from "@/components/form-error";

export interface DeviceView {
  id: string;
  current: boolean;
  /** "Chrome · Android", made on the server. */
  name: string;
  /** "Signed in … from …", made on the server. */
  detail: string;
}

export interface DevicesTexts {
  heading: string;
  thisDevice: string;
  signOut: string;
  signOutOthers: string;
  working: string;
  noOthers: string;
  errors: ErrorTexts;
}

const answer = () => import("@/lib/api-contract/account-sessions-api").then((contract) => contract.sessionRevoked);

/** The buyer's sessions: sign one other out (by id), or all the others (better-auth's revokeOtherSessions). */
export function DevicesList({ devices, texts }: { devices: DeviceView[]; texts: DevicesTexts }) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const others = devices.filter((device) => !device.current);

  async function run(key: string, action: () => Promise<void>) {
    if (pending) return;
    setPending(key);
    setError(null);
    try {
      await action();
      router.refresh();
    } catch (failure) {
      setError(describeError(failure, texts.errors));
    } finally {
      setPending(null);
    }
  }
  const signOutOne = (id: string) => run(id, async () => void (await postJson("/api/account/sessions/revoke", { sessionId: id }, answer)));
  const signOutOthers = () =>
    run("others", async () => {
      const result = await postToAuth("revoke-other-sessions", {});
      if (!result.ok) throw result.error;
    });

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <ul aria-label={texts.heading} className="divide-y divide-slate-200 rounded-lg border border-slate-200">
        {devices.map((device) => (
          <li key={device.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {device.name}
                {device.current && <span className="ml-2 rounded bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-800">{texts.thisDevice}</span>}
              </p>
              <p className="text-sm break-words text-slate-600">{device.detail}</p>
            </div>
            {!device.current && (
              <button type="button" className="button-secondary min-h-9 px-3 py-1.5" disabled={pending !== null} aria-busy={pending === device.id} onClick={() => void signOutOne(device.id)}>
                {pending === device.id ? texts.working : texts.signOut}
              </button>
            )}
          </li>
        ))}
      </ul>
      {others.length === 0 ? (
        <p className="text-sm text-slate-600">{texts.noOthers}</p>
      ) : (
        <button type="button" className="button-secondary" disabled={pending !== null} aria-busy={pending === "others"} onClick={() => void signOutOthers()}>
          {pending === "others" ? texts.working : texts.signOutOthers}
        </button>
      )}
    </div>
  );
}
