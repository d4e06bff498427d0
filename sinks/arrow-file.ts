// Export rows as an Arrow IPC file, typed like the warehouse's columns (its own module: apache-arrow is slow to import).
import {
  Bool, DateDay, Field, Float64, Int32, Int64, List, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType,
} from 'apache-arrow';
import type { ExportColumn, ExportRow } from './export-formats.js';

/** The bytes of an Arrow IPC file (the `file` format, readable by Polars, pandas and DuckDB) holding `rows`. */
export function arrowFileBytes(columns: readonly ExportColumn[], rows: readonly ExportRow[]): Uint8Array {
  return tableToIPC(arrowTable(columns, rows), 'file');
}

/** An Arrow table with one typed vector per column (types follow the warehouse's, so Polars and pandas get ints as ints). */
export function arrowTable(columns: readonly ExportColumn[], rows: readonly ExportRow[]): Table {
  const vectors = Object.fromEntries(columns.map((c) => {
    const { type, convert } = arrowType(c);
    return [c.name, vectorFromArray(rows.map((r) => (r[c.name] === null || r[c.name] === undefined ? null : convert(r[c.name]))), type)];
  }));
  return new Table(vectors);
}

function arrowType(c: ExportColumn): { type: DataType; convert: (v: unknown) => unknown } {
  switch (c.kind) {
    case 'boolean': return { type: new Bool(), convert: (v) => v };
    case 'date': return { type: new DateDay(), convert: (v) => new Date(`${String(v)}T00:00:00Z`) };
    case 'timestamp': return { type: new TimestampMillisecond(), convert: (v) => (v instanceof Date ? v : new Date(String(v))) };
    case 'list': return { type: new List(new Field('item', new Utf8(), true)), convert: (v) => (v as unknown[]).map(String) };
    case 'number':
      if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(c.type)) return { type: new Int32(), convert: (v) => v };
      if (/^(BIGINT|UINTEGER)$/.test(c.type)) return { type: new Int64(), convert: (v) => BigInt(v as number | bigint) };
      return { type: new Float64(), convert: (v) => Number(v) };
    default: return { type: new Utf8(), convert: (v) => String(v) };
  }
}
