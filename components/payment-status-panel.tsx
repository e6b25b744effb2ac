"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { ApiRequestError } from "@/components/api-client";
import { AccountSnapshot } from "@/components/account-snapshot";
import type { PaymentStatus } from "@/components/payment-status";
import { signInHref } from "@/components/safe-next-path";
import { isTransientError, usePaymentStatus } from "@/components/use-payment-status";

interface PanelContent {
  heading: string;
  body: ReactNode;
}

const backToPricing = (
  <Link href="/" className="text-link">
    Back to pricing
  </Link>
);

const afterPurchaseLinks = (
  <p className="flex flex-wrap gap-4">
    <Link href="/account" className="button-primary">
      Go to your account
    </Link>
    <Link href="/" className="button-secondary">
      Back to pricing
    </Link>
  </p>
);

const byStatus: Record<PaymentStatus, PanelContent> = {
  paid: {
    heading: "Payment successful",
    body: (
      <>
        <p>Thank you! Your purchase is complete.</p>
        <AccountSnapshot />
        {afterPurchaseLinks}
      </>
    ),
  },
  no_payment_required: {
    heading: "All set",
    body: (
      <>
        <p>There was nothing to pay, and your purchase is active.</p>
        <AccountSnapshot />
        {afterPurchaseLinks}
      </>
    ),
  },
  processing: {
    heading: "Payment processing",
    body: <p>Your bank is confirming the payment. This page updates by itself, so you can leave it open; your account will show the purchase once it clears.</p>,
  },
  unpaid: {
    heading: "Waiting for payment",
    body: <p>We have not received the payment yet. This page updates by itself.</p>,
  },
  failed: {
    heading: "Payment failed",
    body: (
      <>
        <p>The payment did not go through. You can try again with another payment method.</p>
        <p>
          <Link href="/" className="button-primary">
            Try again
          </Link>
        </p>
      </>
    ),
  },
  expired: {
    heading: "Checkout expired",
    body: (
      <>
        <p>The checkout timed out before it was paid. Nothing was charged.</p>
        <p>{backToPricing}</p>
      </>
    ),
  },
  canceled: {
    heading: "Payment canceled",
    body: (
      <>
        <p>The payment was canceled. Nothing was charged.</p>
        <p>{backToPricing}</p>
      </>
    ),
  },
};

function errorContent(error: ApiRequestError, sessionId: string): PanelContent {
  if (isTransientError(error)) {
    return { heading: "Checking your payment…", body: <p>We could not check your payment yet ({error.message}). Trying again…</p> };
  }
  if (error.status === 401) {
    const href = signInHref(`/success?session_id=${encodeURIComponent(sessionId)}`);
    return {
      heading: "Please sign in again",
      body: (
        <p>
          Your session has ended.{" "}
          <Link href={href} className="text-link">
            Sign in to see your payment
          </Link>
        </p>
      ),
    };
  }
  if (error.status === 404) {
    return {
      heading: "Payment not found",
      body: (
        <>
          <p>We could not find this checkout for your account.</p>
          <p>{backToPricing}</p>
        </>
      ),
    };
  }
  return {
    heading: "We could not check your payment",
    body: (
      <>
        <p>{error.message}</p>
        <p>{backToPricing}</p>
      </>
    ),
  };
}

const checking: PanelContent = { heading: "Checking your payment…", body: <p>This usually takes a moment.</p> };

export function PaymentStatusPanel({ sessionId }: { sessionId: string }) {
  const { status, error } = usePaymentStatus(sessionId);
  // Once an answer has arrived it stays on screen; a failed re-check must not hide it. A status
  // this page does not know yet reads as still checking.
  const content = status ? (byStatus[status] ?? checking) : error ? errorContent(error, sessionId) : checking;

  return (
    <div role="status" aria-live="polite" className="card mx-auto min-h-80 max-w-xl space-y-4 p-8 text-slate-700">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{content.heading}</h1>
      {content.body}
    </div>
  );
}
