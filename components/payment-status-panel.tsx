import Link from "next/link";
import type { ReactNode } from "react";
import type { AccountSummary } from "@/lib/account";
import { AccountSnapshot } from "@/components/account-snapshot";
import { isFinalPaymentStatus, type PaymentStatus } from "@/components/payment-status";
import { PaymentStatusPoller } from "@/components/payment-status-poller";

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

/** What the buyer got, between the words and the links. */
function purchased(heading: string, text: string, account: Promise<AccountSummary | null>): PanelContent {
  return {
    heading,
    body: (
      <>
        <p>{text}</p>
        <AccountSnapshot account={account} />
        {afterPurchaseLinks}
      </>
    ),
  };
}

const byStatus: Record<Exclude<PaymentStatus, "paid" | "no_payment_required">, PanelContent> = {
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

const notFound: PanelContent = {
  heading: "Payment not found",
  body: (
    <>
      <p>We could not find this checkout for your account.</p>
      <p>{backToPricing}</p>
    </>
  ),
};

interface PaymentStatusPanelProps {
  sessionId: string;
  /** undefined: no checkout with this id belongs to the buyer. */
  status: PaymentStatus | undefined;
  /** The buyer's balance and plan, read while the panel is sent and shown once the purchase is paid. */
  account: Promise<AccountSummary | null>;
}

export function PaymentStatusPanel({ sessionId, status, account }: PaymentStatusPanelProps) {
  const content =
    status === "paid"
      ? purchased("Payment successful", "Thank you! Your purchase is complete.", account)
      : status === "no_payment_required"
        ? purchased("All set", "There was nothing to pay, and your purchase is active.", account)
        : status
          ? byStatus[status]
          : notFound;
  // One live region for the page's whole life: a refresh after the poll changes only its content,
  // which screen readers announce, and min-h keeps its size while the words change.
  return (
    <div role="status" aria-live="polite" className="card mx-auto min-h-80 max-w-xl space-y-4 p-8 text-slate-700">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{content.heading}</h1>
      {content.body}
      {status && !isFinalPaymentStatus(status) && <PaymentStatusPoller sessionId={sessionId} rendered={status} />}
    </div>
  );
}
