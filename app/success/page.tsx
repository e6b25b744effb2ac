import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/session";
import { PaymentStatusPanel } from "@/components/payment-status-panel";
import { signInHref } from "@/components/safe-next-path";

export const metadata: Metadata = { title: "Payment status" };

interface SuccessPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SuccessPage({ searchParams }: SuccessPageProps) {
  const { session_id: sessionIdParam } = await searchParams;
  const sessionId = typeof sessionIdParam === "string" ? sessionIdParam.trim() : "";

  if (!sessionId) {
    return (
      <div className="card mx-auto max-w-xl space-y-4 p-8 text-slate-700">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">No payment to show</h1>
        <p>This page needs a checkout reference, and the link you followed has none. If you just paid, your account page lists your purchases.</p>
        <p>
          <Link href="/" className="text-link">
            Back to pricing
          </Link>
        </p>
      </div>
    );
  }

  if (!(await currentUser())) redirect(signInHref(`/success?session_id=${encodeURIComponent(sessionId)}`));

  return <PaymentStatusPanel sessionId={sessionId} />;
}
