import type { Deps } from "../core/deps";
import type { StripeObject } from "../core/types";
import { invalidRequest } from "../http/errors";
import { paginate } from "./lists";
import { Params } from "../http/params";
import type { InvoicePayment } from "../objects/invoice-payment";
import type { Subscription } from "../objects/subscription";

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Expandable properties that are not stored on the object at all. */
function virtualField(deps: Deps, holder: Rec, key: string): unknown {
  const id = typeof holder["id"] === "string" ? holder["id"] : "";
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

function expandAt(deps: Deps, holder: Rec, segments: string[], full: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (!(head in holder)) {
    const virtual = virtualField(deps, holder, head);
    if (virtual === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
    holder[head] = virtual;
  }
  const value = holder[head];
  if (typeof value === "string") {
    const found: StripeObject | undefined = deps.store.find(value);
    if (found) holder[head] = structuredClone(found);
  }
  if (rest.length === 0) return;
  const next = holder[head];
  for (const target of Array.isArray(next) ? next : [next]) {
    if (isRecord(target)) expandAt(deps, target, rest, full);
  }
}

/** Expands `expand[]` paths on a response that is already a private copy of stored state. */
export function applyExpansions(deps: Deps, response: object, paths: string[]): void {
  if (paths.length > 0 && !isRecord(response)) return;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, { param: "expand" });
    expandAt(deps, response as Rec, segments, path);
  }
}
