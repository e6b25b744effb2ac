import type { Metadata } from "../core/types";
import { randomChars } from "../core/ids";
import { emptyAddress } from "./shared";

export type Customer = {
  id: string;
  object: "customer";
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  metadata: Metadata;
  created: number;
  invoice_settings: { default_payment_method: string | null; [key: string]: unknown };
  [key: string]: unknown;
};

export function buildCustomer(input: {
  id: string;
  now: number;
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  metadata: Metadata;
}): Customer {
  return {
    id: input.id,
    object: "customer",
    address: emptyAddress(),
    balance: 0,
    created: input.now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description,
    discount: null,
    email: input.email,
    invoice_prefix: randomChars(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: input.metadata,
    name: input.name,
    next_invoice_sequence: 1,
    phone: input.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
    customer_account: null,
  };
}
