import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { accountSummary } from "@/lib/account/account-views";
import { paidBreakdownFor } from "@/lib/account/paid-breakdown";
import { ApiError } from "@/lib/http/api-error";
import { paymentStatusForSessionToken } from "@/lib/payments/status/status-for-buyer";
import { withinRateLimit } from "@/lib/http/rate-limit";
import { signedSessionToken } from "@/lib/auth/session";
import type { PaymentStatus } from "@/components/success/polling-rules";
import { MessagePage } from "@/components/message-page";
import { PaymentStatusPanel } from "@/components/success/status-panel";
import { signInHref } from "@/components/auth/safe-next-path";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payment"))("pageTitle") };
}

interface SuccessPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SuccessPage({ searchParams }: SuccessPageProps) {
  const { session_id: sessionIdParam } = await searchParams;
  const sessionId = typeof sessionIdParam === "string" ? sessionIdParam.trim() : "";

  if (!sessionId) {
    const t = await getTranslations("payment");
    return (
      <MessagePage title={t("noSessionTitle")}>
        <p>{t("noSessionBody")}</p>
      </MessagePage>
    );
  }

  // The same check the status route makes (settling from Stripe when the webhook has not landed,
  // within the same rate limit), so a buyer back from Checkout sees the outcome in the first HTML.
  const requestHeaders = await headers();
  const own = await ownStatus(requestHeaders, sessionId);
  if (own === "signed_out") redirect(signInHref(`/success?session_id=${encodeURIComponent(sessionId)}`));
  const status = own?.status;
  const delivered = own && (status === "paid" || status === "no_payment_required");
  const account = delivered ? accountSummary(own.userId) : Promise.resolve(null);
  const paid = delivered ? paidBreakdownFor(own.userId, sessionId) : Promise.resolve(null);
  return <PaymentStatusPanel sessionId={sessionId} status={status} account={account} paid={paid} />;
}

/** undefined when no checkout with this id belongs to the user. */
async function ownStatus(requestHeaders: Headers, sessionId: string): Promise<{ userId: string; status: PaymentStatus } | "signed_out" | undefined> {
  try {
    // Counted while the status is read, so a payment still settling waits one round trip less.
    const allowed = withinRateLimit(requestHeaders);
    const [own] = await Promise.all([paymentStatusForSessionToken(await signedSessionToken(requestHeaders), sessionId, () => allowed), allowed]);
    return own;
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") return undefined;
    if (error instanceof ApiError && error.code === "unauthenticated") return "signed_out";
    throw error;
  }
}
