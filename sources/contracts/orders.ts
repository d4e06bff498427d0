// The orders channel contract: one row per order line; refunds and cancellations carry their own status.
import { z } from 'zod';
import { defineChannel } from './channel.js';
import { id, money, rawEmail, timestamp } from './fields.js';

export const orderStatuses = ['completed', 'refunded', 'cancelled'] as const;

export const OrderLine = z.object({
  order_id: id(),
  line_no: z.int().min(0),
  customer_ref: z.string().nullish(),
  email: rawEmail().nullish(),
  phone: z.string().nullish(),
  status: z.enum(orderStatuses),
  currency: z.string().length(3),
  sku: z.string().nullish(),
  quantity: z.number(),
  unit_price: money().nullish(),
  amount: money(),
  ordered_at: timestamp(),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const ordersChannel = defineChannel({
  name: 'orders',
  table: 'order_lines',
  schema: OrderLine,
  key: ['order_id', 'line_no'],
  timeField: 'ordered_at',
});
