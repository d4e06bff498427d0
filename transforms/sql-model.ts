// Runs a transform's SQL file against the warehouse with named variables, so the SQL lives next to its TS.
import { readFile } from 'node:fs/promises';
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';

/** Values a model's SQL reads with `getvariable('name')`. */
export type ModelVariables = Readonly<Record<string, string | number | boolean>>;

/**
 * Executes every statement of the `.sql` file at `url` inside one transaction, after setting `variables`, and then
 * the statements in `after` (e.g. putting the model's output in place) in the same transaction.
 * A failing model leaves the previous tables as they were.
 * @throws Error naming the model file and DuckDB's message, or the variable when a number is NaN or infinite.
 */
export async function runSqlModel(wh: Warehouse, url: URL, variables: ModelVariables = {}, after = ''): Promise<void> {
  const sql = await readFile(url, 'utf8');
  const name = url.pathname.split('/').pop();
  const sets = Object.entries(variables).map(([k, v]) => {
    // A NaN or Infinity pasted into SQL reads as a column name ("Referenced column NaN was not found"): say which value.
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`transform ${name}: variable ${k} is ${v}, expected a finite number`);
    return `SET VARIABLE ${k} = ${typeof v === 'string' ? literal(v) : String(v)};`;
  });
  try {
    await wh.transaction(async () => {
      await wh.run(sets.join('\n') + '\n' + sql + '\n' + after);
    });
  } catch (cause) {
    throw new Error(`transform ${name} failed: ${(cause as Error).message}`, { cause });
  }
}
