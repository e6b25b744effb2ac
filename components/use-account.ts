import useSWR from "swr";
import type { AccountSummary } from "@/lib/account";
import { fetchJson, type ApiRequestError } from "@/components/api-client";

/** The signed-in user's balance and plan, from GET /api/account. */
export function useAccount() {
  const { data, error } = useSWR<AccountSummary, ApiRequestError>("/api/account", fetchJson<AccountSummary>);
  return { account: data, error };
}
