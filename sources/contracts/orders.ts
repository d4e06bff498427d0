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
  description: 'one row per order line; refunds and cancellations carry their own status',
  table: 'order_lines',
  schema: OrderLine,
  key: ['order_id', 'line_no'],
  timeField: 'ordered_at',
  recordId: 'order_id',
  identifiers: [
    { kind: 'account', value: 'customer_ref' },
    { kind: 'email', value: 'email' },
    { kind: 'phone', value: 'phone' },
  ],
  customer360: {
    // One row per order with its net value (customer-360.sql), so orders count once and refunds net out.
    from: 'order_values_new',
    lastInteraction: 'max(ordered_at) FILTER (WHERE net_value > 0)',
    columns: [
      { name: 'orders', type: 'BIGINT', meaning: 'orders with a positive net value', aggregate: 'count(*) FILTER (WHERE net_value > 0)', absent: '0' },
      { name: 'revenue', type: 'DECIMAL(18,2)', meaning: 'net value of all orders (refunds and returns subtract)', aggregate: 'coalesce(sum(net_value), 0)', absent: '0' },
      {
        name: 'avg_order_value', type: 'DOUBLE', meaning: 'revenue per counted order, rounded to cents',
        aggregate: 'CASE WHEN count(*) FILTER (WHERE net_value > 0) > 0 THEN round(coalesce(sum(net_value), 0) / count(*) FILTER (WHERE net_value > 0), 2) END',
      },
      { name: 'first_order_at', type: 'TIMESTAMP', meaning: 'time of the first counted order', aggregate: 'min(ordered_at) FILTER (WHERE net_value > 0)' },
      { name: 'last_order_at', type: 'TIMESTAMP', meaning: 'time of the latest counted order', aggregate: 'max(ordered_at) FILTER (WHERE net_value > 0)' },
    ],
  },
});
