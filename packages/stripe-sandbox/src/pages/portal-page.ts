import type { PortalSession } from "../objects/portal-session";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import { cardFields, html, page } from "./html";

type PlanOption = { price: string; label: string };

export type PortalSubscription = {
  sub: Subscription;
  /** "Pro plan — $9.00 / month". */
  plan: string;
  scheduled: string | null;
  options: PlanOption[];
};

type PortalView = {
  session: PortalSession;
  subscriptions: PortalSubscription[];
  card: string | null;
  notice: { ok: boolean; message: string } | null;
};

function date(unix: number | null): string {
  return unix === null ? "" : new Date(unix * 1000).toISOString().slice(0, 10);
}

function subscriptionRow(view: PortalView, row: PortalSubscription, flow: string | null) {
  const { sub } = row;
  const base = `/p/session/${view.session.id}/subscriptions/${sub.id}`;
  const live = sub.status !== "canceled" && sub.status !== "incomplete_expired";
  const showCancel = flow === null || flow === "subscription_cancel";
  const showPlans = live && !sub.cancel_at_period_end && (flow === null || flow === "subscription_update") && row.options.length > 1;
  return html`<li data-subscription="${sub.id}"><strong>${row.plan}</strong> — ${sub.status}
      ${sub.cancel_at_period_end ? html` (cancels ${date(sub.cancel_at)})` : live ? html` (renews ${date(currentPeriodEnd(sub))})` : ""}
      ${row.scheduled ? html`<p>Switches to ${row.scheduled} on ${date(currentPeriodEnd(sub))}</p>` : ""}
      ${showCancel
        ? html`<form method="post" action="${base}">
        ${live && !sub.cancel_at_period_end ? html`<button type="submit" name="action" value="cancel">Cancel subscription</button>` : ""}
        ${live && sub.cancel_at_period_end ? html`<button type="submit" name="action" value="renew">Renew subscription</button>` : ""}
      </form>`
        : ""}
      ${showPlans
        ? html`<form method="post" action="${base}/plan">
        <label for="price-${sub.id}">Plan</label>
        <select id="price-${sub.id}" name="price">${row.options.map(
          (o) => html`<option value="${o.price}" ${o.price === sub.items.data[0]?.price.id ? "selected" : ""}>${o.label}</option>`,
        )}</select>
        <button type="submit">Switch plan</button>
      </form>`
        : ""}</li>`;
}

function cardForm(view: PortalView) {
  return html`<section aria-label="Payment method"><h2>Payment method</h2>
    <p>${view.card ?? "No card on file."}</p>
    <form method="post" action="/p/session/${view.session.id}/payment_method" novalidate>
      ${cardFields()}
      <button type="submit">Update card</button>
    </form></section>`;
}

/** A small customer portal: plans with their prices, cancel/renew, switch plan, replace the card, go back. */
export function renderPortalPage(view: PortalView): string {
  const flow = view.session.flow?.type ?? null;
  const focus = view.session.flow?.subscription_update?.subscription ?? view.session.flow?.subscription_cancel?.subscription ?? null;
  const rows = view.subscriptions.filter((row) => focus === null || row.sub.id === focus).map((row) => subscriptionRow(view, row, flow));
  const showSubscriptions = flow !== "payment_method_update";
  const showCard = flow === null || flow === "payment_method_update";
  return page(
    "Billing portal",
    html`<main><section aria-label="Billing"><h1>Billing</h1>
    ${view.notice ? (view.notice.ok ? html`<p role="status">${view.notice.message}</p>` : html`<div role="alert">${view.notice.message}</div>`) : ""}
    ${showSubscriptions ? html`<ul>${rows.length > 0 ? rows : html`<li>No subscriptions.</li>`}</ul>` : ""}
    ${view.session.return_url ? html`<p><a href="${view.session.return_url}">Return</a></p>` : ""}</section>
    ${showCard ? cardForm(view) : ""}</main>`,
  );
}
