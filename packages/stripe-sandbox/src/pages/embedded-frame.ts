import type { CheckoutSession } from "../objects/checkout-session";
import { html, page, scriptData } from "./html";

/** The message type the Stripe.js stand-in (stripe-js.ts) listens for from the frames it mounted. */
export const FRAME_MESSAGE = "stripe-sandbox:embedded-checkout";

/**
 * Runs in every page of an embedded Checkout frame: reports the page's height so the stand-in can size
 * the iframe, and, once the session is complete, tells the parent page (which then redirects its top
 * window or calls onComplete). A cross-origin frame may not navigate the top window without a user
 * gesture, so the parent does it. The message carries no secret, so any target origin may read it.
 */
export function frameScript(complete: { session: string; redirect: string | null } | null): string {
  return `(function(){if(window.parent===window)return;var send=function(m){m.type=${scriptData(FRAME_MESSAGE)};window.parent.postMessage(m,"*")};` +
    `var size=function(){send({event:"resize",height:document.documentElement.scrollHeight})};` +
    `if(window.ResizeObserver)new ResizeObserver(size).observe(document.body);size();` +
    (complete ? `send({event:"complete",session:${scriptData(complete.session)},redirect:${scriptData(complete.redirect)}});` : "") +
    `})();`;
}

/** What the frame shows once paid; the link is for a page without scripts, as a form's last resort. */
export function renderEmbeddedComplete(session: CheckoutSession, redirect: string | null): string {
  const body = html`<main><section aria-label="Payment complete"><h1>Payment complete</h1>
    <p>Status: <span data-testid="session-status">${session.status}</span></p>
    ${redirect ? html`<p><a href="${redirect}" target="_top">Continue</a></p>` : ""}</section></main>`;
  return page("Checkout complete", body, frameScript({ session: session.id, redirect }));
}
