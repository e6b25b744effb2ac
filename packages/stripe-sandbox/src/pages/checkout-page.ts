import { formatAmount } from "../money/currencies";
import { checkoutPagePath, type CheckoutSession, type LineItem } from "../objects/checkout-session";
import { frameScript } from "./embedded-frame";
import { cardFields, html, page } from "./html";

export type CheckoutForm = { email: string; name: string; method: "card" | "async_bank_debit" };

function intervalSuffix(item: LineItem): string {
  const r = item.price.recurring;
  if (!r) return "";
  return r.interval_count === 1 ? ` / ${r.interval}` : ` every ${r.interval_count} ${r.interval}s`;
}

function summary(session: CheckoutSession, items: LineItem[]) {
  return html`<section aria-label="Order summary">
  <h1>Total ${formatAmount(session.amount_total, session.currency)}</h1>
  <table>${items.map(
    (item) => html`<tr><td>${item.description} × ${item.quantity}</td><td class="r">${formatAmount(item.amount_total, item.currency)}${intervalSuffix(item)}</td></tr>`,
  )}
  <tr><td><strong>Total due today</strong></td><td class="r"><strong data-testid="total">${formatAmount(session.amount_total, session.currency)}</strong></td></tr></table>
  ${session.cancel_url ? html`<p><a href="${session.cancel_url}">Back</a></p>` : ""}
</section>`;
}

/** The hosted payment page, and the same form in an embedded frame; labels are a contract with the storefront's Playwright tests. */
export function renderCheckoutPage(session: CheckoutSession, items: LineItem[], form: CheckoutForm, error: string | null): string {
  const action = checkoutPagePath(session);
  const body = html`<main>
${summary(session, items)}
<section aria-label="Payment">
  <form method="post" action="${action}" novalidate>
    ${error ? html`<div role="alert">${error}</div>` : ""}
    <label for="email">Email</label>
    <input type="email" id="email" name="email" autocomplete="email" value="${form.email}">
    <fieldset><legend>Payment method</legend>
      <input type="radio" id="method-card" name="method" value="card" ${form.method === "card" ? "checked" : ""}><label for="method-card">Card</label>
      <input type="radio" id="method-bank" name="method" value="async_bank_debit" ${form.method === "async_bank_debit" ? "checked" : ""}><label for="method-bank">Async bank debit</label>
    </fieldset>
    <div id="card-fields">
      ${cardFields()}
    </div>
    <label for="billingName">Cardholder name</label>
    <input type="text" id="billingName" name="billingName" autocomplete="cc-name" value="${form.name}">
    <button type="submit" name="action" value="pay">${session.mode === "subscription" ? "Subscribe" : "Pay"}</button>
  </form>
  <form method="post" action="${action}/expire"><button type="submit" class="secondary">Expire session</button></form>
</section>
</main>`;
  const embedded = session.ui_mode === "embedded_page";
  return page(`Checkout – ${formatAmount(session.amount_total, session.currency)}`, body, embedded ? frameScript(null) : undefined);
}

export function renderInactivePage(session: CheckoutSession): string {
  const message = session.status === "expired" ? "This Checkout Session has expired." : "This Checkout Session is no longer active.";
  return page(
    "Checkout",
    html`<main><section><h1>${message}</h1><p>Status: <span data-testid="session-status">${session.status}</span></p>
    ${session.cancel_url ? html`<p><a href="${session.cancel_url}">Back</a></p>` : ""}</section></main>`,
    session.ui_mode === "embedded_page" ? frameScript(null) : undefined,
  );
}

export function renderNotFoundPage(): string {
  return page("Not found", html`<main><section><h1>Something went wrong</h1><p>The page you were looking for could not be found.</p></section></main>`);
}
