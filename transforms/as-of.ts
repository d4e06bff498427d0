// Decides the as-of date of a run: the one asked for, or the day after the latest order.
import { channels, ordersChannel, type ChannelRegistry } from '../sources/contracts/index.js';
import { isoDay } from '../shared/dates.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';

/**
 * Returns `requested` when given (validated as a real 'YYYY-MM-DD' date), else the day after the latest order date
 * (so the newest day of data is included), else the day after the latest event of any channel of `registry`.
 * @throws Error when `requested` is not a real date, or when the warehouse holds no data at all.
 */
export async function resolveAsOf(wh: Warehouse, requested?: string, registry: ChannelRegistry = channels): Promise<string> {
  if (requested !== undefined) {
    if (isoDay(requested) === undefined)
      throw new Error(`--as-of: expected a date as YYYY-MM-DD, got "${requested}"`);
    return requested;
  }
  // Two queries, not one coalesce(): DuckDB computes every scalar subquery of an expression, and the other channels'
  // maxima (30M email events at 1M customers) cost ~0.5 s on each of the dozen steps that ask.
  const dayAfter = async (tables: readonly { table: string; timeField: string }[]) => (await wh.all<{ d: string | null }>(
    `SELECT strftime(greatest(${tables.map((c) => `(SELECT max(${ident(c.timeField)}) FROM ${ident(c.table)})`).join(', ')})::DATE + 1, '%Y-%m-%d') AS d`,
  ))[0];
  const fromOrders = await dayAfter([ordersChannel]);
  const row = fromOrders?.d ? fromOrders : await dayAfter(Object.values(registry));
  if (!row?.d) throw new Error('cannot choose an as-of date: the warehouse has no orders or events yet (run the extract steps first)');
  return row.d;
}
