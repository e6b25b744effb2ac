"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { needsServerRender, type PaymentStatus } from "@/components/success/polling-rules";
import { usePaymentStatus } from "@/components/success/use-status-polling";

/**
 * Shows nothing: it polls a payment that is not final yet and, once the answer differs from what
 * the server rendered, asks the server to render the page again, so the words, the balance and the
 * links all come from the server and none of them ships as script. A lasting error (signed out,
 * not found) is also handed to the server, which redirects to sign-in or says so.
 */
export function PaymentStatusPoller({ sessionId, rendered }: { sessionId: string; rendered: PaymentStatus }) {
  const router = useRouter();
  const { status, error } = usePaymentStatus(sessionId, rendered);
  const renderAgain = needsServerRender(rendered, status, error);

  useEffect(() => {
    if (renderAgain) router.refresh();
  }, [renderAgain, router]);

  return null;
}
