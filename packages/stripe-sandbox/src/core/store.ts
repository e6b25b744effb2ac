import type { StripeObject } from "./types";
import type { LineItem } from "../objects/checkout-session";
import type { Metadata } from "./types";

/** A Checkout trial: a length in days counted from when the subscription starts, or a fixed end. */
export type TrialTerms = { days: number | null; end: number | null; missingPaymentMethod: "cancel" | "pause" | "create_invoice" };

/** Automatic tax on a session: where it is computed from (the customer's address, or what the buyer entered). */
export type SessionTax = { location: { country: string; postalCode: string | null } | null; customerUpdateAddress: "auto" | "never" | null };

/** Per-session inputs Stripe keeps but does not expose on the session object. */
export type SessionExtras = {
  lineItems: LineItem[];
  paymentIntentData: { metadata: Metadata; description: string | null };
  subscriptionData: { metadata: Metadata; description: string | null; trial?: TrialTerms | null };
  /** Customer created at the first attempt, so a retry after a decline does not create another. */
  customer: string | null;
  /** The intent of the current attempt; subscription-mode intents are not visible on the session. */
  intent: string | null;
  /** The Discount object of the session's coupon or promotion code (absent in snapshots from before discounts). */
  discount?: string | null;
  /** Present when `automatic_tax[enabled]`; absent in snapshots from before tax. */
  tax?: SessionTax | null;
};

/** State that real Stripe keeps server-side and never renders. */
type Internal = {
  /** Test-card number behind each card PaymentMethod, so a later step (3DS, retry) knows the outcome. */
  cardNumbers: Record<string, string>;
  /** Which Checkout Session a PaymentIntent pays (subscription-mode intents are not on the session). */
  sessionOfIntent: Record<string, string>;
  sessions: Record<string, SessionExtras>;
  webhookSecrets: Record<string, string>;
  /** Automatic payment attempts per invoice; manual `/pay` attempts count in attempt_count but not towards dunning. */
  automaticAttempts: Record<string, number>;
  /** Portal downgrades waiting for the period end (real Stripe keeps them in a subscription schedule). */
  scheduledPrices: Record<string, string>;
  /** Sandbox time (ms) at which a refund or dispute takes its delayed next step, by object id. */
  dueAt: Record<string, number>;
  /** A coupon's `applies_to.products` (an includable field, rendered only on request). */
  couponProducts: Record<string, string[]>;
  /** Deleted coupons stay stored for the discounts that use them, but the API no longer finds them. */
  deletedCoupons: Record<string, true>;
  /** The TaxRate (`txr_…`) made for each of the tax table's jurisdictions and behaviours, reused by every session and invoice. */
  taxRates: Record<string, string>;
  /** Trialing subscriptions whose `customer.subscription.trial_will_end` has gone out. */
  trialWillEndSent: Record<string, true>;
  /** The `active` a promotion code was given; its rendered `active` also needs a valid coupon and no expiry or exhaustion. */
  promotionCodeActive: Record<string, boolean>;
};

type StoredResponse = { fingerprint: string; status: number; body: string };

export type StoreData = {
  objects: StripeObject[];
  internal: Internal;
  idempotency: [string, StoredResponse][];
};

function emptyInternal(): Internal {
  return {
    cardNumbers: {}, sessionOfIntent: {}, sessions: {}, webhookSecrets: {}, automaticAttempts: {}, scheduledPrices: {}, dueAt: {},
    couponProducts: {}, deletedCoupons: {}, promotionCodeActive: {}, trialWillEndSent: {}, taxRates: {},
  };
}

export class Store {
  private objects = new Map<string, StripeObject>();
  /** The same objects by type, so a list (which every request's expiry sweep makes) costs what that type holds, not the whole account. */
  private byType = new Map<string, Map<string, StripeObject>>();
  internal: Internal = emptyInternal();
  readonly idempotency = new Map<string, StoredResponse>();
  private readonly listeners: (() => void)[] = [];

  insert<T extends StripeObject>(obj: T): T {
    this.objects.set(obj.id, obj);
    this.ofType(obj.object).set(obj.id, obj);
    this.touch();
    return obj;
  }

  find(id: string): StripeObject | undefined {
    return this.objects.get(id);
  }

  get<T extends StripeObject>(objectType: T["object"], id: string): T | undefined {
    const found = this.objects.get(id);
    return found && found.object === objectType ? (found as T) : undefined;
  }

  /** Newest first, which is the order every Stripe list endpoint uses. */
  list<T extends StripeObject>(objectType: T["object"]): T[] {
    return ([...this.ofType(objectType).values()] as T[]).reverse();
  }

  delete(id: string): void {
    const found = this.objects.get(id);
    if (found) this.ofType(found.object).delete(id);
    this.objects.delete(id);
    this.touch();
  }

  /** Handlers mutate stored objects in place, then call this so the snapshot is rewritten. */
  touch(): void {
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  clear(keep: (obj: StripeObject) => boolean = () => false): void {
    const kept = [...this.objects.values()].filter(keep);
    const secrets = this.internal.webhookSecrets;
    this.replaceObjects(kept);
    this.internal = { ...emptyInternal(), webhookSecrets: secrets };
    this.idempotency.clear();
    this.touch();
  }

  serialize(): StoreData {
    return { objects: [...this.objects.values()], internal: this.internal, idempotency: [...this.idempotency.entries()] };
  }

  load(data: StoreData): void {
    this.replaceObjects(data.objects);
    this.internal = { ...emptyInternal(), ...data.internal };
    this.idempotency.clear();
    for (const [k, v] of data.idempotency) this.idempotency.set(k, v);
  }

  private ofType(objectType: string): Map<string, StripeObject> {
    let objects = this.byType.get(objectType);
    if (!objects) {
      objects = new Map();
      this.byType.set(objectType, objects);
    }
    return objects;
  }

  private replaceObjects(objects: StripeObject[]): void {
    this.objects = new Map();
    this.byType = new Map();
    for (const obj of objects) {
      this.objects.set(obj.id, obj);
      this.ofType(obj.object).set(obj.id, obj);
    }
  }
}
