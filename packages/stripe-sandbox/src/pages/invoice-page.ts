import { formatAmount } from "../money/currencies";
import type { Charge } from "../objects/charge";
import type { Invoice } from "../objects/invoice";
import { html, page } from "./html";

function date(unix: number | null | undefined): string {
  return unix ? new Date(unix * 1000).toISOString().slice(0, 10) : "";
}

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
    <p>Status: ${invoice.status}${invoice.status === "paid" ? html` on ${date(invoice.status_transitions.paid_at)}` : ""}</p>
    <table>${invoice.lines.data.map((line) => html`<tr><td>${line.description}</td><td class="r">${formatAmount(line.amount, line.currency)}</td></tr>`)}
    ${discount > 0 ? html`<tr><td>Discount</td><td class="r">−${money(discount)}</td></tr>` : ""}
    ${tax > 0 ? html`<tr><td>Tax</td><td class="r">${money(tax)}</td></tr>` : ""}
    <tr><td><strong>Amount due</strong></td><td class="r"><strong>${formatAmount(invoice.amount_due, invoice.currency)}</strong></td></tr>
    <tr><td>Amount paid</td><td class="r">${formatAmount(invoice.amount_paid, invoice.currency)}</td></tr></table>
    </section></main>`,
  );
}

/** The page behind a charge's `receipt_url`. */
export function renderReceiptPage(charge: Charge): string {
  return page(
    "Receipt",
    html`<main><section aria-label="Receipt"><h1>Receipt</h1>
    <p>${formatAmount(charge.amount, charge.currency)} — ${charge.status}${charge.refunded ? " (refunded)" : ""}</p>
    <p>Paid ${date(charge.created)}${charge.description ? html` for ${charge.description}` : ""}</p>
    </section></main>`,
  );
}
