import useSWR from "swr";
import { fetchJson, type ApiRequestError } from "@/components/api-client";
import { isFinalPaymentStatus, type PaymentStatusResponse } from "@/components/payment-status";

const POLL_INTERVAL_MS = 2000;

/** Worth asking again: offline, rate limited or a server-side failure. A 4xx answer will not change. */
export function isTransientError(error: ApiRequestError): boolean {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/**
 * Polls a Checkout Session's status: once at once, then every two seconds until the status is
 * final. SWR pauses the interval while a request is failing, so transient errors are retried
 * on the same rhythm by onErrorRetry instead of SWR's slower exponential backoff.
 */
export function usePaymentStatus(sessionId: string) {
  const { data, error } = useSWR<PaymentStatusResponse, ApiRequestError>(
    `/api/check-payment-status/${encodeURIComponent(sessionId)}`,
    fetchJson<PaymentStatusResponse>,
    {
      refreshInterval: (latest) => (latest && isFinalPaymentStatus(latest.status) ? 0 : POLL_INTERVAL_MS),
      onErrorRetry: (failure, _key, _config, revalidate, { retryCount }) => {
        if (!isTransientError(failure)) return;
        setTimeout(() => void revalidate({ retryCount }), POLL_INTERVAL_MS);
      },
    },
  );
  return { status: data?.status, error };
}
