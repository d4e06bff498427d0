// Says why a section cannot be drawn yet: its upstream table does not exist, or lacks a column it reads.
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * Returns NULL when `table` exists with every column in `columns`, else a one-line "not computed yet" message
 * naming the table, the missing columns and `builtBy` (what creates the table), for a no-data panel.
 * Reads only DuckDB's catalog, so it never fails on a warehouse that is still empty.
 * @example await missingTable(wh, 'churn_metrics', ['month', 'churned'], 'the churn_metrics transform');
 */
export async function missingTable(wh: Warehouse, table: string, columns: readonly string[], builtBy: string): Promise<string | null> {
  const snapshot = snapshots.get(wh);
  const have = snapshot ? (await snapshot).get(table) ?? new Set<string>() : new Set((await wh.all<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1`,
    [table],
  )).map((r) => r.column_name));
  if (have.size === 0) return `Not computed yet: the ${table} table does not exist (built by ${builtBy}).`;
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

// The catalog read once for a whole report build (sections check some twenty tables); see withCatalogSnapshot.
const snapshots = new WeakMap<Warehouse, Promise<Map<string, Set<string>>>>();

/**
 * Runs `fn` with {@link missingTable} answering from one read of the catalog instead of a query per check: for
 * a report build, which creates no tables while it runs.
 * @example await withCatalogSnapshot(wh, () => buildSections(wh));
 */
export async function withCatalogSnapshot<T>(wh: Warehouse, fn: () => Promise<T>): Promise<T> {
  if (snapshots.has(wh)) return fn();
  snapshots.set(wh, wh.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'`,
  ).then((rows) => {
    const tables = new Map<string, Set<string>>();
    for (const r of rows) tables.set(r.table_name, (tables.get(r.table_name) ?? new Set()).add(r.column_name));
    return tables;
  }));
  try {
    return await fn();
  } finally {
    snapshots.delete(wh);
  }
}
