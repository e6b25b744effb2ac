import type { Metadata } from "../core/types";

export type Product = {
  id: string;
  object: "product";
  active: boolean;
  name: string;
  description: string | null;
  default_price: string | null;
  images: string[];
  metadata: Metadata;
  url: string | null;
  created: number;
  updated: number;
  [key: string]: unknown;
};

export function buildProduct(input: {
  id: string;
  now: number;
  name: string;
  description: string | null;
  active: boolean;
  images: string[];
  metadata: Metadata;
  url: string | null;
}): Product {
  return {
    id: input.id,
    object: "product",
    active: input.active,
    created: input.now,
    default_price: null,
    description: input.description,
    images: input.images,
    livemode: false,
    marketing_features: [],
    metadata: input.metadata,
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: input.now,
    url: input.url,
  };
}
