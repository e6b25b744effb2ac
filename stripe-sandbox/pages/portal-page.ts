import { formatAmount } from "../money/currencies";
import type { PortalSession } from "../objects/portal-session";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import { html, page } from "./html";

function date(unix: number | null): string {
  return unix === null ? "" : new Date(unix * 1000).toISOString().slice(0, 10);
}

/** A minimal customer portal: list subscriptions, cancel at period end, go back. */
export function renderPortalPage(session: PortalSession, subscriptions: Subscription[]): string {
  const rows = subscriptions.map((sub) => {
    const item = sub.items.data[0];
    const price = item ? `${formatAmount(item.price.unit_amount * item.quantity, item.price.currency)} / ${item.price.recurring?.interval ?? ""}` : "";
    return html`<li data-subscription="${sub.id}"><strong>${price}</strong> — ${sub.status}
      ${sub.cancel_at_period_end ? html` (cancels ${date(sub.cancel_at)})` : html` (renews ${date(currentPeriodEnd(sub))})`}
      <form method="post" action="/p/session/${session.id}/subscriptions/${sub.id}">
        ${sub.status !== "canceled" && !sub.cancel_at_period_end ? html`<button type="submit" name="action" value="cancel">Cancel subscription</button>` : ""}
        ${sub.cancel_at_period_end && sub.status !== "canceled" ? html`<button type="submit" name="action" value="renew">Renew subscription</button>` : ""}
      </form></li>`;
  });
  return page(
    "Billing portal",
    html`<main><section aria-label="Billing"><h1>Billing</h1>
    <ul>${rows.length > 0 ? rows : html`<li>No subscriptions.</li>`}</ul>
    ${session.return_url ? html`<p><a href="${session.return_url}">Return</a></p>` : ""}</section></main>`,
  );
}
