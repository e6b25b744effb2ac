import useSWR from "swr";
import { fetchJson, type ApiRequestError } from "@/components/api-client";
import type { PaymentStatusAnswer } from "@/lib/api-contract/payment-status-api";
import { isFinalPaymentStatus, isTransientError, type PaymentStatus } from "@/components/success/polling-rules";

const POLL_INTERVAL_MS = 2000;

/**
 * Polls a Checkout Session's status, starting from the one the server rendered: once at once (the
 * webhook may have landed while the page was on its way), then every two seconds until the status
 * is final. SWR pauses the interval while a request is failing, so transient errors are retried
 * on the same rhythm by onErrorRetry instead of SWR's slower exponential backoff.
 */
export function usePaymentStatus(sessionId: string, rendered: PaymentStatus) {
  const { data, error } = useSWR<PaymentStatusAnswer, ApiRequestError>(
    `/api/check-payment-status/${encodeURIComponent(sessionId)}`,
    (url: string) => fetchJson(url, () => import("@/lib/api-contract/payment-status-api").then((contract) => contract.paymentStatusAnswer)),
    {
      fallbackData: { status: rendered },
      // Fallback data counts as fresh to SWR; the status may have moved since the server read it.
      revalidateOnMount: true,
      refreshInterval: (latest) => (latest && isFinalPaymentStatus(latest.status) ? 0 : POLL_INTERVAL_MS),
      onErrorRetry: (failure, _key, _config, revalidate, { retryCount }) => {
        if (!isTransientError(failure)) return;
        setTimeout(() => void revalidate({ retryCount }), POLL_INTERVAL_MS);
      },
    },
  );
  return { status: data?.status ?? rendered, error };
}
