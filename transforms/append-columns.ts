// Bulk-writes columnar data (string arrays and Float64Arrays) into an existing table through DuckDB's appender.
import { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from '../warehouse/warehouse.js';

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
