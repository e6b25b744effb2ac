import { z } from "zod/mini";
import { PaymentStatus } from "@/lib/generated/prisma/enums";
import { products, type ProductKey } from "@/lib/catalog/products";

// GET /api/admin/purchases?q=&status=&product=&from=&to=&cursor= (and the console's search form):
// the query's fields, each absent or one string. An empty field is the form's "any".

const productKeys = products.map((product) => product.key) as [ProductKey, ...ProductKey[]];
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

export const purchaseSearchFields = {
  q: z.string().check(z.maxLength(254)),
  status: z.enum(PaymentStatus),
  product: z.enum(productKeys),
  from: day,
  to: day,
  cursor: z.string().check(z.maxLength(200)),
} as const;

export type PurchaseSearchField = keyof typeof purchaseSearchFields;
