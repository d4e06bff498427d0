// Decides the as-of date of a run: the one asked for, or the day after the latest order.
import { isoDay } from '../shared/dates.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * Returns `requested` when given (validated as a real 'YYYY-MM-DD' date), else the day after the latest order date
 * (so the newest day of data is included), else the day after the latest event of any channel.
 * @throws Error when `requested` is not a real date, or when the warehouse holds no data at all.
 */
export async function resolveAsOf(wh: Warehouse, requested?: string): Promise<string> {
  if (requested !== undefined) {
    if (isoDay(requested) === undefined)
      throw new Error(`--as-of: expected a date as YYYY-MM-DD, got "${requested}"`);
    return requested;
  }
  const [row] = await wh.all<{ d: string | null }>(`
    SELECT strftime(coalesce(
      (SELECT max(ordered_at) FROM order_lines),
      greatest((SELECT max(occurred_at) FROM email_events), (SELECT max(occurred_at) FROM social_interactions))
    )::DATE + 1, '%Y-%m-%d') AS d`);
  if (!row?.d) throw new Error('cannot choose an as-of date: the warehouse has no orders or events yet (run the extract steps first)');
  return row.d;
}
