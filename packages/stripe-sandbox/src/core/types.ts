/**
 * Stored Stripe objects are plain JSON records: they are serialised to the wire, to events and to the
 * snapshot file unchanged, so the declared fields are only the ones sandbox logic reads or writes.
 */
export type StripeObject = { id: string; object: string; [key: string]: unknown };

export type ListObject<T = unknown> = {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
};

export type Metadata = Record<string, string>;
