// The products reference contract: one row per SKU (name, category, price, whether it is still sold).
import { z } from 'zod';
import { id, money, timestamp } from './fields.js';
import { defineReference } from './reference.js';

export const Product = z.object({
  sku: id(),
  name: z.string().nullish(),
  /** Free text (the shop's own categories); order lines whose SKU has no product row have category unknown. */
  category: z.string().nullish(),
  /** List price in the shop's currency; a negative price is quarantined. */
  price: money().nullish(),
  /** False for a product no longer sold: never recommended. */
  active: z.boolean(),
  /** When the product row last changed (optional). */
  updated_at: timestamp().nullish(),
});
export type Product = z.infer<typeof Product>;

export const productsReference = defineReference({
  name: 'products',
  description: 'one row per product (SKU): name, category, price, active; no customer identifiers',
  table: 'products',
  schema: Product,
  key: ['sku'],
  timeField: 'updated_at',
  rowChecks: [{ field: 'price', failsWhen: (typed) => `${typed('price')} < 0`, expected: 'a price of 0 or more' }],
});
