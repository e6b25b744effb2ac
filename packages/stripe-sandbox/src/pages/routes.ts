import type { IncomingMessage, ServerResponse } from "node:http";
import type { Runtime } from "../runtime";
import { sendRaw } from "../http/respond";
import { handleBillingPage } from "./billing-routes";
import { handleChallengePage, handleCheckoutPage } from "./checkout-routes";
import { FAVICON_SVG } from "./html";
import { isStripeJsPath, stripeJsSource } from "./stripe-js";

type PageContext = { rt: Runtime; req: IncomingMessage; res: ServerResponse };

export async function handlePage(ctx: PageContext, url: URL): Promise<boolean> {
  const { rt, req, res } = ctx;
  const method = req.method ?? "GET";
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

  // Browsers ask for /favicon.ico on pages without an icon link (JSON controls, for one); answering avoids a logged 404.
  if (url.pathname === "/favicon.ico" && (method === "GET" || method === "HEAD")) {
    sendRaw(res, 200, "image/svg+xml", FAVICON_SVG, { "Cache-Control": "public, max-age=86400" });
    return true;
  }
  // The Stripe.js stand-in, loaded by the merchant's page from another origin (it may require CORP under COEP).
  if (isStripeJsPath(url.pathname) && (method === "GET" || method === "HEAD")) {
    sendRaw(res, 200, "text/javascript; charset=utf-8", stripeJsSource(rt.deps.publicBase()), {
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Cache-Control": "no-cache",
    });
    return true;
  }
  if (await handleCheckoutPage(ctx, parts, url)) return true;
  if (await handleChallengePage(ctx, parts)) return true;
  return handleBillingPage(ctx, parts);
}
