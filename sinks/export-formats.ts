// Writes export rows to a file in one of the export formats (CSV, Parquet, JSON, NDJSON, Arrow IPC), all or nothing.
import { rm, writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { literal, type Warehouse } from '../warehouse/warehouse.js';
import type { ColumnKind } from './audience-columns.js';
import type { ExportFormat } from './sink-config.js';
import { writeAtomically } from '../shared/write-atomically.js';

export { exportFormats, type ExportFormat } from './sink-config.js';

/** A column of an export file: its name, the DuckDB type it has in the warehouse, and how its values compare. */
export interface ExportColumn {
  readonly name: string;
  readonly type: string;
  readonly kind: ColumnKind;
}

export type ExportRow = Readonly<Record<string, unknown>>;

export interface FormatOptions {
  /** CSV only: start the file with a UTF-8 byte-order mark, so Excel on Windows reads accents right. */
  readonly bom?: boolean;
}

/**
 * Cells that spreadsheets would run as a formula: a leading =, +, -, @, tab or carriage return (OWASP "CSV injection").
 * Passed to papaparse's `escapeFormulae`, which prefixes such cells with `'`. Its own default regex
 * (/^[=+\-@\t\r].*$/) misses cells with a line break after the first character, because `.` stops at "\n".
 */
export const formulaStart = /^[=+\-@\t\r]/;

/**
 * Writes `rows` to `file` in `format` under a temporary name and renames it into place; a failure leaves no file at
 * `file` (a partial one is kept as `<file>.err`). Parquet goes through DuckDB, so it needs the warehouse.
 * @throws Error naming the file and the cause.
 * @example await writeExportFile(wh, 'out/at-risk.csv', 'csv', columns, rows, { bom: true });
 */
export async function writeExportFile(
  wh: Warehouse, file: string, format: ExportFormat, columns: readonly ExportColumn[], rows: readonly ExportRow[], options: FormatOptions = {},
): Promise<void> {
  await writeAtomically(file, (tmp) => writeFormat(wh, tmp, format, columns, rows, options));
}

/** Writes `rows` to `tmp` in `format`, in place (no rename): the body of {@link writeExportFile}. */
export async function writeFormat(
  wh: Warehouse, tmp: string, format: ExportFormat, columns: readonly ExportColumn[], rows: readonly ExportRow[], options: FormatOptions = {},
): Promise<void> {
  switch (format) {
    case 'csv': return writeFile(tmp, csvText(columns, rows, options.bom ?? false), 'utf8');
    case 'json': return writeFile(tmp, `[${rows.map((r) => `\n${jsonLine(columns, r)}`).join(',')}\n]\n`, 'utf8');
    case 'ndjson': return writeFile(tmp, rows.map((r) => `${jsonLine(columns, r)}\n`).join(''), 'utf8');
    // apache-arrow takes ~0.3 s to import: loaded only for an Arrow export.
    case 'arrow': return writeFile(tmp, (await import('./arrow-file.js')).arrowFileBytes(columns, rows));
    case 'parquet': return writeParquet(wh, tmp, columns, rows);
  }
}

/** The CSV text: header, every field quoted, CRLF line ends (RFC 4180), formula-like cells neutralised. */
export function csvText(columns: readonly ExportColumn[], rows: readonly ExportRow[], bom: boolean): string {
  const data = rows.map((r) => columns.map((c) => csvCell(r[c.name])));
  const text = Papa.unparse({ fields: columns.map((c) => c.name), data }, { quotes: true, newline: '\r\n', escapeFormulae: formulaStart });
  return `${bom ? '\uFEFF' : ''}${text}\r\n`;
}

function csvCell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.join('; ');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function jsonLine(columns: readonly ExportColumn[], row: ExportRow): string {
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, jsonValue(row[c.name])])));
}

function jsonValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString(); // beyond 2^53: JSON numbers would round it
  return v;
}

/** Parquet through DuckDB: the rows are staged as NDJSON and read back with the warehouse's column types. */
async function writeParquet(wh: Warehouse, tmp: string, columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
  const staging = `${tmp}.ndjson`;
  try {
    await writeFile(staging, rows.map((r) => `${jsonLine(columns, r)}\n`).join(''), 'utf8');
    const types = columns.map((c) => `${literal(c.name)}: ${literal(parquetType(c))}`).join(', ');
    const select = rows.length === 0
      ? `SELECT ${columns.map((c) => `NULL::${parquetType(c)} AS "${c.name.replaceAll('"', '""')}"`).join(', ')} WHERE false`
      : `SELECT * FROM read_json(${literal(staging)}, format = 'newline_delimited', columns = {${types}})`;
    await wh.run(`COPY (${select}) TO ${literal(tmp)} (FORMAT parquet)`);
  } finally {
    await rm(staging, { force: true });
  }
}

/** The column type a Parquet export writes: timestamps without zone, types JS cannot type as text. */
export function parquetType(c: ExportColumn): string {
  if (c.kind === 'timestamp') return 'TIMESTAMP';
  return c.kind === 'other' ? 'VARCHAR' : c.type;
}
