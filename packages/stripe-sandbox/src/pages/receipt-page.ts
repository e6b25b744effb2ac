import { formatAmount } from "../money/currencies";
import type { Charge } from "../objects/charge";
import { html, isoDate, page } from "./html";
import type { CheckoutReceipt } from "./receipt-info";

/** The summary as a list of term and amount pairs, each in its own div so a test reads one row at a time. */
function summaryRow(term: string, amount: string) {
  return html`<div><dt>${term}</dt><dd class="r">${amount}</dd></div>`;
}

/** Items, subtotal, discount, tax and the total, as Stripe's receipt for a Checkout payment lists them. */
function checkoutDetails(charge: Charge, receipt: CheckoutReceipt) {
  const money = (amount: number) => formatAmount(amount, receipt.currency);
  return html`<h2 id="receipt-items">Items</h2>
    <table aria-labelledby="receipt-items"><thead><tr><th scope="col">Item</th><th scope="col" class="r">Amount</th></tr></thead>
    <tbody>${receipt.lines.map((line) => html`<tr><td>${line.label}</td><td class="r">${money(line.amount)}</td></tr>`)}</tbody></table>
    <h2 id="receipt-summary">Summary</h2>
    <dl>${summaryRow("Subtotal", money(receipt.subtotal))}
    ${receipt.discount ? summaryRow(`Discount (${receipt.discount.label})`, `−${money(receipt.discount.amount)}`) : ""}
    ${receipt.taxes.map((tax) => summaryRow(tax.label, money(tax.amount)))}
    ${summaryRow(charge.status === "succeeded" ? "Total paid" : "Total", money(charge.amount))}
    ${charge.amount_refunded > 0 ? summaryRow("Refunded", `−${money(charge.amount_refunded)}`) : ""}</dl>`;
}

/** The page behind a charge's `receipt_url`; a Checkout payment's also lists what was bought. */
export function renderReceiptPage(charge: Charge, receipt: CheckoutReceipt | null): string {
  return page(
    "Receipt",
    html`<main><section aria-label="Receipt"><h1>Receipt</h1>
    <p>${formatAmount(charge.amount, charge.currency)} — ${charge.status}${charge.refunded ? " (refunded)" : ""}</p>
    <p>Paid ${isoDate(charge.created)}${charge.description ? html` for ${charge.description}` : ""}</p>
    ${receipt ? checkoutDetails(charge, receipt) : ""}
    </section></main>`,
  );
}
