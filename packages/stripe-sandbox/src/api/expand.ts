import type { Deps } from "../core/deps";
import type { StripeObject } from "../core/types";
import { invalidRequest } from "../http/errors";
import { paginate } from "./lists";
import { Params } from "../http/params";
import type { InvoicePayment } from "../objects/invoice-payment";
import type { Subscription } from "../objects/subscription";
import { moneyDetails, type LineDetail } from "../checkout/totals";

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Marks an includable field that this object simply does not have (nothing to add, and no error). */
const ABSENT = Symbol("absent");

/** The Checkout Session a response is about: the session itself, or its line-items list. */
function sessionIdOf(root: Rec): string | null {
  if (root["object"] === "checkout.session" && typeof root["id"] === "string") return root["id"];
  const match = typeof root["url"] === "string" ? /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/.exec(root["url"]) : null;
  return match?.[1] ?? null;
}

function taxEntry(deps: Deps, tax: LineDetail["tax"]): unknown {
  const rate = tax?.rate ? deps.store.find(tax.rate) : undefined;
  return tax && rate ? { amount: tax.amount, rate: structuredClone(rate), taxability_reason: tax.reason, taxable_amount: tax.taxable } : null;
}

/** Includable money details of a Checkout Session: `total_details.breakdown`, and a line item's `discounts` and `taxes`. */
function sessionDetail(deps: Deps, root: Rec, holder: Rec, key: string): unknown {
  const sessionId = sessionIdOf(root);
  const details = sessionId ? moneyDetails(deps, sessionId) : null;
  if (!details) return undefined;
  const discount = details.discount;
  const lines = [...details.lines.values()];
  if (key === "breakdown" && holder === root["total_details"]) {
    const discounted = lines.reduce((sum, line) => sum + line.discount, 0);
    const byRate = new Map<string, { amount: number; taxable: number; line: LineDetail["tax"] }>();
    for (const { tax } of lines) {
      if (!tax?.rate) continue;
      const entry = byRate.get(tax.rate) ?? { amount: 0, taxable: 0, line: tax };
      byRate.set(tax.rate, { ...entry, amount: entry.amount + tax.amount, taxable: entry.taxable + tax.taxable });
    }
    const taxes = [...byRate.values()].map((e) => taxEntry(deps, e.line && { ...e.line, amount: e.amount, taxable: e.taxable }));
    return { discounts: discount ? [{ amount: discounted, discount: structuredClone(discount) }] : [], taxes };
  }
  if (holder["object"] !== "item" || typeof holder["id"] !== "string") return undefined;
  const line = details.lines.get(holder["id"]);
  if (key === "discounts") return discount && line ? [{ amount: line.discount, discount: structuredClone(discount) }] : [];
  if (key === "taxes") return line ? [taxEntry(deps, line.tax)].filter((entry) => entry !== null) : [];
  return undefined;
}

/** Expandable properties that are not stored on the object at all. */
function virtualField(deps: Deps, root: Rec, holder: Rec, key: string): unknown {
  const id = typeof holder["id"] === "string" ? holder["id"] : "";
  const detail = sessionDetail(deps, root, holder, key);
  if (detail !== undefined) return detail;
  if (holder["object"] === "coupon" && key === "applies_to") {
    const products = deps.store.internal.couponProducts[id];
    return products ? { products: [...products] } : ABSENT;
  }
  if (holder["object"] === "checkout.session" && key === "line_items") {
    const items = deps.store.internal.sessions[id]?.lineItems ?? [];
    return structuredClone(paginate(items, new Params({}), `/v1/checkout/sessions/${id}/line_items`));
  }
  if (holder["object"] === "customer" && key === "subscriptions") {
    const subs = deps.store.list<Subscription>("subscription").filter((s) => s.customer === id && s.status !== "canceled");
    return structuredClone(paginate(subs, new Params({}), `/v1/customers/${id}/subscriptions`));
  }
  // An includable field: Stripe leaves it out unless `expand[]=payments` asks for it.
  if (holder["object"] === "invoice" && key === "payments") {
    const payments = deps.store.list<InvoicePayment>("invoice_payment").filter((p) => p.invoice === id);
    return structuredClone(paginate(payments, new Params({ limit: "100" }), `/v1/invoice_payments?invoice=${id}`));
  }
  return undefined;
}

function expandAt(deps: Deps, root: Rec, holder: Rec, segments: string[], full: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (!(head in holder)) {
    const virtual = virtualField(deps, root, holder, head);
    if (virtual === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
    if (virtual === ABSENT) return;
    holder[head] = virtual;
  }
  const value = holder[head];
  const expanded = (id: unknown): unknown => {
    const found: StripeObject | undefined = typeof id === "string" ? deps.store.find(id) : undefined;
    return found ? structuredClone(found) : id;
  };
  // An id, or a list of ids such as a subscription's or invoice's `discounts`.
  holder[head] = Array.isArray(value) ? value.map(expanded) : expanded(value);
  if (rest.length === 0) return;
  const next = holder[head];
  for (const target of Array.isArray(next) ? next : [next]) {
    if (isRecord(target)) expandAt(deps, root, target, rest, full);
  }
}

/** Expands `expand[]` paths on a response that is already a private copy of stored state. */
export function applyExpansions(deps: Deps, response: object, paths: string[]): void {
  if (paths.length > 0 && !isRecord(response)) return;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, { param: "expand" });
    expandAt(deps, response as Rec, response as Rec, segments, path);
  }
}
