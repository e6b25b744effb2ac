import type { Deps } from "../core/deps";
import { StripeApiError, invalidRequest, resourceMissing } from "../http/errors";
import { Params } from "../http/params";
import type { Invoice } from "../objects/invoice";
import type { InvoicePayment } from "../objects/invoice-payment";
import type { InvoiceItem } from "../objects/invoice-item";
import type { Subscription } from "../objects/subscription";
import { attemptPayment } from "../billing/collect";
import { finalizeInvoice } from "../billing/invoices";
import { previewInvoice } from "../billing/preview";
import { depsFor } from "../billing/time";
import { paymentMethodFor } from "../payments/intent-confirm";
import { changeOptions, getSubscription, itemChange } from "./billing";
import { getCustomer } from "./lookups";
import { trialEndParam } from "./subscription-trial";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

function getInvoice(deps: Deps, id: string, param = "invoice"): Invoice {
  const invoice = deps.store.get<Invoice>("invoice", id);
  if (!invoice) throw resourceMissing("invoice", id, param);
  return invoice;
}

function previewTarget(deps: Deps, subscription: string | undefined, customer: string | undefined): Subscription {
  if (subscription) return getSubscription(deps, subscription, "subscription");
  if (!customer) throw invalidRequest("Missing required param: customer or subscription.", { code: "parameter_missing", param: "customer" });
  getCustomer(deps, customer, "customer");
  const live = deps.store.list<Subscription>("subscription").find((s) => s.customer === customer && s.status !== "canceled" && s.status !== "incomplete_expired");
  if (!live) throw invalidRequest(`No upcoming invoices for customer: ${customer}`, { code: "invoice_upcoming_none", status: 404 });
  return live;
}

export function registerInvoices(router: ApiRouter): void {
  router.add("GET", "/v1/invoices/:id", (deps, req) => getInvoice(deps, req.path.get("id"), "id"));

  router.add("GET", "/v1/invoices/:id/lines", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS]);
    const invoice = getInvoice(deps, req.path.get("id"), "id");
    return paginate(invoice.lines.data, p, `/v1/invoices/${invoice.id}/lines`);
  });

  router.add("GET", "/v1/invoices", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "subscription", "status", "created", "collection_method", "due_date"]);
    const customer = p.string("customer");
    const subscription = p.string("subscription");
    const status = p.string("status");
    const items = deps.store
      .list<Invoice>("invoice")
      .filter((x) => !customer || x.customer === customer)
      .filter((x) => !subscription || x.subscription === subscription)
      .filter((x) => !status || x.status === status);
    return paginate(items, p, "/v1/invoices");
  });

  router.add("POST", "/v1/invoices/:id/pay", (deps, req) => {
    const p = req.params.allowOnly(["payment_method", "off_session", "paid_out_of_band", "forgive", "source", "mandate"]);
    const invoice = getInvoice(deps, req.path.get("id"), "id");
    if (invoice.status === "paid") throw invalidRequest("Invoice is already paid");
    if (invoice.status === "void" || invoice.status === "uncollectible") {
      throw invalidRequest(`This invoice can no longer be paid because its status is ${invoice.status}.`, { code: "invoice_not_editable" });
    }
    const at = depsFor(deps, invoice.customer);
    if (invoice.status === "draft") finalizeInvoice(at, invoice);
    const token = p.string("payment_method");
    const result = attemptPayment(at, invoice, { automatic: false, ...(token ? { paymentMethod: paymentMethodFor(deps, token, invoice.customer) } : {}) });
    if (result.kind === "failed") throw new StripeApiError(402, result.error);
    return invoice;
  });

  router.add("POST", "/v1/invoices/create_preview", (deps, req) => {
    const p = req.params.allowOnly(["customer", "subscription", "subscription_details", "automatic_tax", "currency", "preview_mode"]);
    const sub = previewTarget(deps, p.string("subscription"), p.string("customer"));
    const details = p.object("subscription_details")?.allowOnly(["items", "proration_behavior", "proration_date", "billing_cycle_anchor", "trial_end"]);
    const trialEnd = details ? trialEndParam(deps, sub, details) : null;
    const change = details ? itemChange(deps, sub, details, "items") : null;
    const options = changeOptions(deps, sub, details ?? new Params({}));
    return previewInvoice(depsFor(deps, sub.customer), sub, change, { ...options, trialEnd });
  });

  router.add("GET", "/v1/invoice_payments", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "invoice", "payment", "status"]);
    const invoice = p.string("invoice");
    const status = p.string("status");
    // `payment[type]=payment_intent&payment[payment_intent]=pi_…`: the invoice a payment paid.
    const paymentIntent = p.object("payment")?.string("payment_intent");
    const items = deps.store
      .list<InvoicePayment>("invoice_payment")
      .filter((x) => !invoice || x.invoice === invoice)
      .filter((x) => !status || x.status === status)
      .filter((x) => !paymentIntent || x.payment.payment_intent === paymentIntent);
    return paginate(items, p, "/v1/invoice_payments");
  });

  router.add("GET", "/v1/invoice_payments/:id", (deps, req) => {
    const payment = deps.store.get<InvoicePayment>("invoice_payment", req.path.get("id"));
    if (!payment) throw resourceMissing("invoice_payment", req.path.get("id"));
    return payment;
  });

  router.add("GET", "/v1/invoiceitems", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "invoice", "pending", "created"]);
    const customer = p.string("customer");
    const invoice = p.string("invoice");
    const pending = p.bool("pending");
    const items = deps.store
      .list<InvoiceItem>("invoiceitem")
      .filter((x) => !customer || x.customer === customer)
      .filter((x) => !invoice || x.invoice === invoice)
      .filter((x) => pending === undefined || (x.invoice === null) === pending);
    return paginate(items, p, "/v1/invoiceitems");
  });
}
