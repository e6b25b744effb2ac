"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { CheckoutRequest } from "@/lib/api-contract/checkout-api";
import { ApiRequestError, describeError, postJson, type ErrorTexts } from "@/components/api-client";
import { signInHref } from "@/components/auth/safe-next-path";
import { EmbeddedCheckoutDialog, type EmbeddedCheckoutTexts } from "@/components/pricing/embedded-checkout-dialog";
import type { StripeJsConfig } from "@/lib/stripe-gateway/stripe-js";

/** The button's words, in the buyer's language (made on the server; see ProductCard). */
export interface BuyButtonTexts {
  /** "Buy Medium Points Pack". */
  buy: string;
  /** The product's name, added for screen readers after a label that does not name it. */
  productName: string;
  redirecting: string;
  signingInFirst: string;
  readyHint: string;
  errors: ErrorTexts;
}

/** Where the buyer pays: Stripe's page, or the form inside ours (STOREFRONT_CHECKOUT_UI). */
export type CheckoutChoice = { ui: "hosted" } | { ui: "embedded"; stripeJs: StripeJsConfig; texts: EmbeddedCheckoutTexts };

interface BuyButtonProps {
  productKey: string;
  /** Stripe price id; undefined when this product cannot be sold right now. */
  priceId: string | undefined;
  signedIn: boolean;
  texts: BuyButtonTexts;
  checkout: CheckoutChoice;
  /** Not for sale to this user (their current plan, or a second plan): the button is disabled. */
  blocked?: boolean;
  /** Visible text replacing "Buy …", e.g. "Current plan". */
  blockedLabel?: string;
  /** id of the text explaining why the button is disabled. */
  describedBy?: string;
  /**
   * Opened as `/?buy=<key>` (e.g. back from sign-in): bring the card into view and focus the
   * button. Only a click starts a checkout, since any site can link here with ?buy=.
   */
  preselected?: boolean;
}

type Pending = "checkout" | "sign-in" | null;

export function BuyButton({ productKey, priceId, signedIn, texts, checkout, blocked = false, blockedLabel, describedBy, preselected = false }: BuyButtonProps) {
  const router = useRouter();
  const errorId = useId();
  const hintId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  // A ref, not state: two clicks in the same frame both see the old state.
  const inFlight = useRef(false);
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<string | null>(null);
  const [clientSecret, setClientSecret] = useState<string | null>(null);

  const unavailable = priceId === undefined || blocked;
  const returnPath = `/?buy=${productKey}`;

  function goToSignIn() {
    setPending("sign-in");
    router.push(signInHref(returnPath));
  }

  async function startCheckout() {
    if (inFlight.current || unavailable) return;
    inFlight.current = true;
    setError(null);
    if (!signedIn) {
      goToSignIn();
      return;
    }
    setPending("checkout");
    const failure = await requestCheckout(priceId);
    if (failure === undefined) return; // leaving the page: stay busy until the browser has gone
    inFlight.current = false;
    setPending(null);
    setError(failure);
  }

  /**
   * Sends the browser to Stripe's page (or to sign-in), or opens the form in ours, and returns
   * undefined; or returns the message to show.
   */
  async function requestCheckout(priceId: string): Promise<string | undefined> {
    try {
      const started = await postJson("/api/create-checkout-session", { priceId, ui: checkout.ui } satisfies CheckoutRequest, () =>
        import("@/lib/api-contract/checkout-api").then((contract) => contract.checkoutStarted),
      );
      if ("url" in started) window.location.assign(started.url);
      else setClientSecret(started.clientSecret);
      return undefined;
    } catch (failure) {
      if (failure instanceof ApiRequestError && failure.status === 401) {
        goToSignIn();
        return undefined;
      }
      return describeError(failure, texts.errors);
    }
  }

  // Back from the checkout dialog, focus returns to the button that opened it once it is enabled again.
  const focusOnReturn = useRef(false);
  function closeCheckout() {
    setClientSecret(null);
    inFlight.current = false;
    focusOnReturn.current = true;
    setPending(null);
  }
  useEffect(() => {
    if (pending !== null || !focusOnReturn.current) return;
    focusOnReturn.current = false;
    buttonRef.current?.focus();
  }, [pending]);

  const showHint = preselected && !unavailable;

  useEffect(() => {
    if (!preselected) return;
    const button = buttonRef.current;
    if (!button) return;
    button.closest("article")?.scrollIntoView({ block: "center", behavior: "smooth" });
    // preventScroll: focusing would jump straight to the button and cut the smooth scroll short.
    if (!button.disabled) button.focus({ preventScroll: true });
  }, [preselected]);

  // Back from Stripe or sign-in may restore this page from the back/forward cache with the button still busy.
  useEffect(() => {
    function onPageShow(event: PageTransitionEvent) {
      if (!event.persisted) return;
      inFlight.current = false;
      setPending(null);
    }
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);

  const describedByIds = [describedBy, showHint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <div>
      <button
        ref={buttonRef}
        type="button"
        onClick={startCheckout}
        disabled={unavailable || pending !== null}
        aria-busy={pending !== null}
        aria-describedby={describedByIds}
        className="button-primary w-full"
      >
        {/* The visible words start the accessible name (WCAG 2.5.3); the product is added for screen readers. */}
        {pending === "checkout" ? (
          checkout.ui === "embedded" ? checkout.texts.loading : texts.redirecting
        ) : pending === "sign-in" ? (
          texts.signingInFirst
        ) : blockedLabel ? (
          <>
            {blockedLabel}
            <span className="sr-only"> ({texts.productName})</span>
          </>
        ) : (
          texts.buy
        )}
      </button>
      {showHint && (
        <p id={hintId} className="mt-2 text-sm font-medium text-indigo-800">
          {texts.readyHint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      {clientSecret && checkout.ui === "embedded" && (
        <EmbeddedCheckoutDialog clientSecret={clientSecret} stripeJs={checkout.stripeJs} texts={checkout.texts} onClose={closeCheckout} />
      )}
    </div>
  );
}
