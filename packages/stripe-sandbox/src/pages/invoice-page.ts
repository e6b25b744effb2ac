import { formatAmount } from "../money/currencies";
import type { Invoice } from "../objects/invoice";
import { html, isoDate, page } from "./html";

type Amount = { amount: number };

function sum(amounts: unknown): number {
  return Array.isArray(amounts) ? (amounts as Amount[]).reduce((total, a) => total + a.amount, 0) : 0;
}

/** The page behind `hosted_invoice_url`: lines, discount, tax, total and status; paid invoices read as a receipt. */
export function renderInvoicePage(invoice: Invoice): string {
  const title = invoice.status === "paid" ? "Receipt" : "Invoice";
  const money = (amount: number) => formatAmount(amount, invoice.currency);
  const discount = sum(invoice["total_discount_amounts"]);
  const tax = sum(invoice["total_taxes"]);
  return page(
    `${title} ${String(invoice["number"] ?? invoice.id)}`,
    html`<main><section aria-label="${title}"><h1>${title} ${String(invoice["number"] ?? "")}</h1>
    <p>Status: ${invoice.status}${invoice.status === "paid" ? html` on ${isoDate(invoice.status_transitions.paid_at)}` : ""}</p>
    <table>${invoice.lines.data.map((line) => html`<tr><td>${line.description}</td><td class="r">${formatAmount(line.amount, line.currency)}</td></tr>`)}
    ${discount > 0 ? html`<tr><td>Discount</td><td class="r">−${money(discount)}</td></tr>` : ""}
    ${tax > 0 ? html`<tr><td>Tax</td><td class="r">${money(tax)}</td></tr>` : ""}
    <tr><td><strong>Amount due</strong></td><td class="r"><strong>${formatAmount(invoice.amount_due, invoice.currency)}</strong></td></tr>
    <tr><td>Amount paid</td><td class="r">${formatAmount(invoice.amount_paid, invoice.currency)}</td></tr></table>
    </section></main>`,
  );
}
