// Says why a section cannot be drawn yet: its upstream table does not exist, or lacks a column it reads.
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * Returns NULL when `table` exists with every column in `columns`, else a one-line "not computed yet" message
 * naming the table, the missing columns and `builtBy` (what creates the table), for a no-data panel.
 * Reads only DuckDB's catalog, so it never fails on a warehouse that is still empty.
 * @example await missingTable(wh, 'churn_metrics', ['month', 'churned'], 'the churn_metrics transform');
 */
export async function missingTable(wh: Warehouse, table: string, columns: readonly string[], builtBy: string): Promise<string | null> {
  const rows = await wh.all<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1`,
    [table],
  );
  if (rows.length === 0) return `Not computed yet: the ${table} table does not exist (built by ${builtBy}).`;
  const have = new Set(rows.map((r) => r.column_name));
  const lacking = columns.filter((c) => !have.has(c));
  if (lacking.length > 0) return `Not computed yet: ${table} has no column ${lacking.join(', ')} (expected from ${builtBy}).`;
  return null;
}

/**
 * Checks several tables in order and returns the first message from {@link missingTable}, or NULL.
 * @example await firstMissing(wh, [['order_values', ['ordered_at'], 'customer_360']]);
 */
export async function firstMissing(wh: Warehouse, tables: readonly (readonly [string, readonly string[], string])[]): Promise<string | null> {
  for (const [table, columns, builtBy] of tables) {
    const message = await missingTable(wh, table, columns, builtBy);
    if (message !== null) return message;
  }
  return null;
}
