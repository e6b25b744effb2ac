import { formatAmount } from "../money/currencies";
import { checkoutPagePath, type CheckoutSession, type LineItem } from "../objects/checkout-session";
import type { BillingAddress } from "../checkout/address";
import { addressFields, type AddressNeed } from "./address-fields";
import { frameScript } from "./embedded-frame";
import { cardFields, html, page } from "./html";

export type CheckoutForm = { email: string; name: string; method: "card" | "async_bank_debit"; address: BillingAddress };

/** What the page shows of the session's discount: the code (or coupon name) and whether the buyer entered it. */
export type PageDiscount = { label: string; removable: boolean } | null;

/** What the page shows beyond the session object: its discount, a trial as "7 days free", and the address it asks for. */
export type PageInfo = { discount: PageDiscount; trial: string | null; address: AddressNeed };

function intervalSuffix(item: LineItem): string {
  const r = item.price.recurring;
  if (!r) return "";
  return r.interval_count === 1 ? ` / ${r.interval}` : ` every ${r.interval_count} ${r.interval}s`;
}

type Totals = { amount_discount: number; amount_tax: number };

function summary(session: CheckoutSession, items: LineItem[], { discount, trial }: PageInfo) {
  const money = (amount: number) => formatAmount(amount, session.currency);
  const totals = session["total_details"] as Totals;
  const itemized = totals.amount_discount > 0 || totals.amount_tax > 0;
  return html`<section aria-label="Order summary">
  <h1>Total ${money(session.amount_total)}</h1>
  ${trial ? html`<p data-testid="trial">${trial}</p>` : ""}
  <table>${items.map(
    (item) => html`<tr><td>${item.description} × ${item.quantity}</td><td class="r">${formatAmount(item.amount_subtotal, item.currency)}${intervalSuffix(item)}</td></tr>`,
  )}
  ${itemized ? html`<tr><td>Subtotal</td><td class="r" data-testid="subtotal">${money(session.amount_subtotal)}</td></tr>` : ""}
  ${discount ? html`<tr><td>Discount (${discount.label})</td><td class="r" data-testid="discount">−${money(totals.amount_discount)}</td></tr>` : ""}
  ${totals.amount_tax > 0 ? html`<tr><td>Tax</td><td class="r" data-testid="tax">${money(totals.amount_tax)}</td></tr>` : ""}
  <tr><td><strong>Total due today</strong></td><td class="r"><strong data-testid="total">${money(session.amount_total)}</strong></td></tr></table>
  ${promotionCodeForm(session, discount)}
  ${session.cancel_url ? html`<p><a href="${session.cancel_url}">Back</a></p>` : ""}
</section>`;
}

/** Shown with allow_promotion_codes: a field to enter a code, or the entered code with a way to remove it. */
function promotionCodeForm(session: CheckoutSession, discount: PageDiscount) {
  if (session["allow_promotion_codes"] !== true) return "";
  const action = `${checkoutPagePath(session)}/discount`;
  if (discount) {
    return discount.removable
      ? html`<form method="post" action="${action}"><button type="submit" name="remove" value="1" class="secondary">Remove promotion code</button></form>`
      : "";
  }
  return html`<form method="post" action="${action}">
    <label for="promotionCode">Promotion code</label>
    <input type="text" id="promotionCode" name="promotionCode" autocomplete="off">
    <button type="submit" class="secondary">Apply</button>
  </form>`;
}

/** The hosted payment page, and the same form in an embedded frame; labels are a contract with the storefront's Playwright tests. */
export function renderCheckoutPage(session: CheckoutSession, items: LineItem[], form: CheckoutForm, error: string | null, info: PageInfo): string {
  const action = checkoutPagePath(session);
  const submit = info.trial ? "Start trial" : session.mode === "subscription" ? "Subscribe" : "Pay";
  const body = html`<main>
${summary(session, items, info)}
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
    ${addressFields(info.address, action, form.address)}
    <button type="submit" name="action" value="pay">${submit}</button>
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
