import { formatAmount } from "../money/currencies";
import type { PaymentIntent } from "../objects/payment-intent";
import { html, page } from "./html";

/** Lets a human settle pending bank debits without curl. */
export function renderDashboard(processing: PaymentIntent[]): string {
  const rows = processing.map(
    (pi) => html`<li>${pi.id} — ${formatAmount(pi.amount, pi.currency)}
      <form method="post" action="/_sandbox/payment_intents/${pi.id}/settle">
        <button type="submit" name="outcome" value="succeeded">Settle as succeeded</button>
        <button type="submit" name="outcome" value="failed" class="secondary">Settle as failed</button>
      </form></li>`,
  );
  return page(
    "Stripe sandbox",
    html`<main><section><h1>Processing payments</h1><ul>${rows.length > 0 ? rows : html`<li>None.</li>`}</ul>
    <p><a href="/_sandbox/deliveries">Webhook deliveries (JSON)</a></p></section></main>`,
  );
}
