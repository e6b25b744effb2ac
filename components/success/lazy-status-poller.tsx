"use client";

import dynamic from "next/dynamic";

// Loaded only where a payment is still open: the paid page, the one nearly every buyer sees,
// then ships neither the poller nor SWR, and its first frame waits on less script.
export const LazyPaymentStatusPoller = dynamic(() => import("@/components/success/status-poller").then((module) => module.PaymentStatusPoller), {
  ssr: false,
});
