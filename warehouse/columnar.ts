// Columnar bulk I/O through the warehouse's connection: appends (string arrays and Float64Arrays) through DuckDB's
// appender, and streams a (key, numbers...) result into typed arrays, so no other module needs the raw connection.
import { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from './warehouse.js';

/** One column: text (null = NULL) or numbers (NaN = NULL). */
export type ColumnValues = readonly (string | null)[] | Float64Array;

/**
 * Appends `columns` (all of the same length, in the table's column order) to `table`, one data chunk of
 * DuckDB's standard vector size at a time: no SQL text and no per-row INSERT. The table must already exist
 * with matching types (VARCHAR for text, DOUBLE for numbers). The appender writes in the connection's
 * current transaction, if any; rows are flushed before this returns.
 * @throws Error naming the table when the column count or lengths do not match, or DuckDB rejects a value.
 * @example await appendColumns(wh, 'clv_staging', [['c1', 'c2'], Float64Array.of(0.5, 0.9)]);
 */
export async function appendColumns(wh: Warehouse, table: string, columns: readonly ColumnValues[]): Promise<number> {
  const rows = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== rows)) throw new Error(`appendColumns ${table}: columns differ in length`);
  const appender = await wh.connection.createAppender(table);
  try {
    if (appender.columnCount !== columns.length) {
      throw new Error(`appendColumns ${table}: the table has ${appender.columnCount} columns, got ${columns.length}`);
    }
    const types = columns.map((_, c) => appender.columnType(c));
    const size = DuckDBVector.standardSize();
    for (let start = 0; start < rows; start += size) {
      const end = Math.min(rows, start + size);
      const chunk = DuckDBDataChunk.create(types, end - start);
      columns.forEach((column, c) => {
        const values: DuckDBValue[] = [];
        for (let i = start; i < end; i++) {
          const v = column[i]!;
          values.push(typeof v === 'number' && Number.isNaN(v) ? null : v);
        }
        chunk.setColumnValues(c, values);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } catch (cause) {
    throw new Error(`appendColumns ${table}: ${(cause as Error).message}`, { cause });
  } finally {
    appender.closeSync();
  }
  return rows;
}

/** A result read column by column: the first column as text, every other as numbers. */
export interface KeyedColumns {
  readonly keys: string[];
  readonly numbers: Float64Array[];
}

/**
 * Streams `sql` (a VARCHAR key column, then numeric columns) chunk by chunk into pre-sized arrays of `rows` entries:
 * no row objects. `rows` is the count the caller expects (`SELECT count(*)` of the same relation).
 * @throws Error naming `what` when the result has more or fewer rows than `rows` (the table changed while read).
 * @example const { keys, numbers } = await readKeyedColumns(wh, 'SELECT customer_id, x FROM clv_summary', n, 'clv_summary');
 */
export async function readKeyedColumns(wh: Warehouse, sql: string, rows: number, what: string): Promise<KeyedColumns> {
  const result = await wh.connection.stream(sql);
  const keys = new Array<string>(rows);
  const numbers = Array.from({ length: result.columnCount - 1 }, () => new Float64Array(rows));
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (offset + n > rows) throw new Error(`${what} changed while being read (more than ${rows} rows)`);
    const ids = chunk.getColumnVector(0);
    for (let i = 0; i < n; i++) keys[offset + i] = String(ids.getItem(i));
    numbers.forEach((target, c) => {
      const vector = chunk.getColumnVector(c + 1);
      for (let i = 0; i < n; i++) target[offset + i] = Number(vector.getItem(i));
    });
    offset += n;
  }
  if (offset !== rows) throw new Error(`${what} changed while being read (${offset} of ${rows} rows)`);
  return { keys, numbers };
}

/**
 * Runs `sql` (numeric columns only) once into a temp table, in its order, and reads it column by column: for results
 * whose size is not known before they are computed (a GROUP BY), without computing them twice to count them.
 * @example const [x, n] = await readNumericColumns(wh, 'SELECT x, count(*) FROM clv_summary GROUP BY x ORDER BY x', 'clv_summary');
 */
export async function readNumericColumns(wh: Warehouse, sql: string, what: string): Promise<Float64Array[]> {
  await wh.run(`CREATE OR REPLACE TEMP TABLE _numeric_columns AS ${sql}`);
  try {
    const [{ n } = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM _numeric_columns');
    return (await readKeyedColumns(wh, "SELECT '' AS k, * FROM _numeric_columns ORDER BY rowid", n, what)).numbers;
  } finally {
    await wh.run('DROP TABLE IF EXISTS _numeric_columns');
  }
}

