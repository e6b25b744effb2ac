"use client";

import { loadStripe } from "@stripe/stripe-js/pure";
import { useEffect, useId, useRef, useState } from "react";
import type { StripeJsConfig } from "@/lib/stripe-gateway/stripe-js";

// Stripe's Checkout form inside the store's page (Embedded Checkout), in a modal dialog: full
// screen on a phone, a centred panel on a wide screen. Stripe.js mounts the form in a frame of its
// own; when the buyer has paid, it sends the page to the Checkout's return_url, the success page.
// `@stripe/stripe-js/pure` loads Stripe.js only when asked, so no other page fetches it.

export interface EmbeddedCheckoutTexts {
  title: string;
  close: string;
  loading: string;
  failed: string;
}

interface EmbeddedCheckoutDialogProps {
  clientSecret: string;
  stripeJs: StripeJsConfig;
  texts: EmbeddedCheckoutTexts;
  /** The dialog was closed (its button, Escape): the session stays open, to be resumed by the next Buy. */
  onClose: () => void;
}

/** Runs the script at `src` once per page; resolves when it has. */
function loadScript(src: string): Promise<void> {
  const present = document.querySelector<HTMLScriptElement>(`script[src="${CSS.escape(src)}"]`);
  if (present?.dataset.loaded === "true") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = present ?? Object.assign(document.createElement("script"), { src, async: true });
    script.addEventListener("load", () => {
      script.dataset.loaded = "true";
      resolve();
    });
    script.addEventListener("error", () => reject(new Error(`${src} did not load`)));
    if (!present) document.head.append(script);
  });
}

// Stripe.js allows one Embedded Checkout at a time: a new one waits until the last is destroyed.
let lastReleased: Promise<void> = Promise.resolve();

export function EmbeddedCheckoutDialog({ clientSecret, stripeJs, texts, onClose }: EmbeddedCheckoutDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    let gone = false;
    let mounted: { destroy(): void } | null = null;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const previous = lastReleased;
    lastReleased = released;

    (async () => {
      await previous;
      if (gone) return release();
      if (stripeJs.standInScript) await loadScript(stripeJs.standInScript);
      const stripe = await loadStripe(stripeJs.publishableKey);
      if (!stripe) throw new Error("Stripe.js is not available");
      const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret: () => Promise.resolve(clientSecret) });
      if (gone || !formRef.current) {
        checkout.destroy();
        return release();
      }
      mounted = checkout;
      checkout.mount(formRef.current);
      setState("ready");
    })().catch(() => {
      release();
      if (!gone) setState("failed");
    });

    return () => {
      gone = true;
      if (!mounted) return;
      mounted.destroy();
      release();
    };
  }, [clientSecret, stripeJs]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-0 h-full max-h-none w-full max-w-none bg-white p-4 backdrop:bg-slate-900/60 sm:m-auto sm:h-auto sm:max-h-[92vh] sm:max-w-xl sm:rounded-2xl sm:p-6"
    >
      <div className="mb-4 flex items-center justify-between gap-4">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {texts.title}
        </h2>
        <button type="button" className="button-secondary min-h-9 px-3 py-1.5" onClick={() => dialogRef.current?.close()}>
          {texts.close}
        </button>
      </div>
      {state === "loading" && (
        <p role="status" className="text-sm text-slate-600">
          {texts.loading}
        </p>
      )}
      {state === "failed" && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {texts.failed}
        </p>
      )}
      <div ref={formRef} />
    </dialog>
  );
}
