// Compact order fixtures for the metric tests: one line per order unless given, customers by account ref.
import { ordersChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { insertRows } from './channel-rows.js';

/** [order_id, customer_ref (null = no customer), amount, ordered_at, status?, line_no?] */
export type OrderFixture = readonly [string, string | null, number, string, ('completed' | 'refunded' | 'cancelled')?, number?];

/** Inserts the order lines into `order_lines`. */
export async function insertOrders(wh: Warehouse, orders: readonly OrderFixture[]): Promise<void> {
  await insertRows(
    wh,
    ordersChannel,
    orders.map(([order_id, ref, amount, ordered_at, status = 'completed', line_no = 1]) => ({
      order_id, line_no, customer_ref: ref, status, currency: 'EUR', quantity: 1, amount, ordered_at,
    })),
  );
}

/** Inserts the orders and builds identities, `order_values` and `customer_360` as of `asOf`. */
export async function seedOrders(wh: Warehouse, orders: readonly OrderFixture[], asOf: string): Promise<void> {
  await insertOrders(wh, orders);
  await buildIdentities(wh);
  await buildCustomer360(wh, { asOf });
}

/** The customer id of an account ref, for readable assertions. */
export async function customerIds(wh: Warehouse): Promise<Map<string, string>> {
  const rows = await wh.all<{ value: string; customer_id: string }>(`SELECT value, customer_id FROM identities WHERE kind = 'account'`);
  return new Map(rows.map((r) => [r.value, r.customer_id]));
}

/** SQL expression turning a qualified customer_id column back into its account ref (single-account customers only). */
export const refOf = (col: string) =>
  `(SELECT min(value) FROM identities i WHERE i.customer_id = ${col} AND i.kind = 'account')`;
