"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { NETWORK_ERROR_MESSAGE, toApiRequestError } from "@/components/api-client";
import { signInHref } from "@/components/safe-next-path";

interface BuyButtonProps {
  productKey: string;
  productName: string;
  /** Stripe price id; undefined when this product cannot be sold right now. */
  priceId: string | undefined;
  signedIn: boolean;
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

interface CheckoutSessionResponse {
  url: string;
  sessionId: string;
}

function isCheckoutSessionResponse(body: unknown): body is CheckoutSessionResponse {
  return typeof body === "object" && body !== null && "url" in body && typeof body.url === "string";
}

export function BuyButton({ productKey, productName, priceId, signedIn, blocked = false, blockedLabel, describedBy, preselected = false }: BuyButtonProps) {
  const router = useRouter();
  const errorId = useId();
  const hintId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  // A ref, not state: two clicks in the same frame both see the old state.
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const unavailable = priceId === undefined || blocked;
  const returnPath = `/?buy=${productKey}`;

  async function startCheckout() {
    if (inFlight.current || unavailable) return;
    if (!signedIn) {
      router.push(signInHref(returnPath));
      return;
    }
    inFlight.current = true;
    setPending(true);
    setError(null);
    const failure = await requestCheckout();
    if (failure === undefined) return; // leaving the page: stay busy until the browser has gone
    inFlight.current = false;
    setPending(false);
    setError(failure);
  }

  /** Sends the browser to Stripe (or to sign-in) and returns undefined, or returns the message to show. */
  async function requestCheckout(): Promise<string | undefined> {
    try {
      const response = await fetch("/api/create-checkout-session", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ priceId }),
      });
      if (response.status === 401) {
        router.push(signInHref(returnPath));
        return undefined;
      }
      if (!response.ok) return (await toApiRequestError(response)).message;
      const body: unknown = await response.json();
      if (!isCheckoutSessionResponse(body)) return "The server sent an unexpected answer. Please try again.";
      window.location.assign(body.url);
      return undefined;
    } catch {
      return NETWORK_ERROR_MESSAGE;
    }
  }

  const showHint = preselected && !unavailable;

  useEffect(() => {
    if (!preselected) return;
    const button = buttonRef.current;
    if (!button) return;
    button.closest("article")?.scrollIntoView({ block: "center", behavior: "smooth" });
    // preventScroll: focusing would jump straight to the button and cut the smooth scroll short.
    if (!button.disabled) button.focus({ preventScroll: true });
  }, [preselected]);

  // Back from Stripe may restore this page from the back/forward cache with the button still busy.
  useEffect(() => {
    function onPageShow(event: PageTransitionEvent) {
      if (!event.persisted) return;
      inFlight.current = false;
      setPending(false);
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
        disabled={unavailable || pending}
        aria-busy={pending}
        aria-describedby={describedByIds}
        className="button-primary w-full"
      >
        {/* The visible words start the accessible name (WCAG 2.5.3); the product is added for screen readers. */}
        {pending ? (
          "Redirecting to checkout…"
        ) : blockedLabel ? (
          <>
            {blockedLabel}
            <span className="sr-only"> ({productName})</span>
          </>
        ) : (
          `Buy ${productName}`
        )}
      </button>
      {showHint && (
        <p id={hintId} className="mt-2 text-sm font-medium text-indigo-800">
          Ready when you are — press Buy to continue.
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
