import type { Params } from "../http/params";
import type { CheckoutSession } from "../objects/checkout-session";
import type { Customer } from "../objects/customer";
import type { PromotionCode } from "../objects/promotion-code";
import { sessionDiscount } from "../checkout/totals";
import { locationOf } from "../tax/compute";
import type { Runtime } from "../runtime";
import type { AddressNeed } from "./address-fields";
import type { CheckoutForm, PageDiscount, PageInfo } from "./checkout-page";

/** The form as first shown: the known email, and the tax location the session already has. */
export function defaultForm(rt: Runtime, session: CheckoutSession): CheckoutForm {
  const customer = session.customer ? rt.store.get<Customer>("customer", session.customer) : undefined;
  const location = rt.store.internal.sessions[session.id]?.tax?.location ?? locationOf(customer?.["address"] as Record<string, unknown> | null);
  return { email: session.customer_email ?? customer?.email ?? "", name: "", method: "card", address: location ? { country: location.country, postal_code: location.postalCode ?? "" } : {} };
}

/** The fields the buyer submitted (card fields are read where the payment is made). */
export function formOf(p: Params): CheckoutForm {
  return {
    email: p.string("email") ?? "",
    name: p.string("billingName") ?? "",
    method: p.string("method") === "async_bank_debit" ? "async_bank_debit" : "card",
    address: { country: p.string("country") ?? "", postal_code: p.string("postalCode") ?? "", line1: p.string("line1") ?? "", city: p.string("city") ?? "" },
  };
}

/** The session's discount as the page names it: the code the buyer typed (removable), or a pre-applied coupon. */
function pageDiscount(rt: Runtime, session: CheckoutSession): PageDiscount {
  const extras = rt.store.internal.sessions[session.id];
  const found = extras ? sessionDiscount(rt.deps, extras) : null;
  if (!found) return null;
  const promo = found.discount.promotion_code ? rt.store.get<PromotionCode>("promotion_code", found.discount.promotion_code) : undefined;
  return { label: promo?.code ?? found.coupon.name ?? found.coupon.id, removable: session["allow_promotion_codes"] === true };
}

/** "7 days free" (a trial_period_days trial) or "Free until 2026-02-01" (a trial_end). */
function trialLabel(rt: Runtime, session: CheckoutSession): string | null {
  const trial = rt.store.internal.sessions[session.id]?.subscriptionData.trial;
  if (!trial) return null;
  if (trial.days !== null) return `${trial.days} ${trial.days === 1 ? "day" : "days"} free`;
  return `Free until ${new Date((trial.end ?? 0) * 1000).toISOString().slice(0, 10)}`;
}

/** A full address with billing_address_collection=required; a country and postal code for automatic tax. */
function addressNeed(rt: Runtime, session: CheckoutSession): AddressNeed {
  if (session["billing_address_collection"] === "required") return "full";
  return rt.store.internal.sessions[session.id]?.tax ? "location" : null;
}

export function pageInfo(rt: Runtime, session: CheckoutSession): PageInfo {
  return { discount: pageDiscount(rt, session), trial: trialLabel(rt, session), address: addressNeed(rt, session) };
}
