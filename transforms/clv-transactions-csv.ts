// Reads a transactions CSV (delimited or whitespace-separated, with or without header) with DuckDB into the
// (customer_id, day, amount) relation that `summarizeInWarehouse` turns into the CLV summary, as it does the warehouse's orders.
import { access } from 'node:fs/promises';
import { ident, literal, type Warehouse } from '../warehouse/warehouse.js';
import { ClvError } from './clv/index.js';

/** How to read the file and which columns hold what. */
export interface CsvTransactionOptions {
  readonly file: string;
  readonly customer: string;
  readonly date: string;
  readonly amount?: string;
  /** One character, or `whitespace` for runs of spaces and tabs (CDNOW's layout). */
  readonly delimiter: string;
  /** When false, columns are named by 1-based position. */
  readonly header: boolean;
  /** strptime format of the date column, e.g. `%Y%m%d`; default: any ISO date or timestamp (offsets read as UTC). */
  readonly dateFormat?: string;
}

/**
 * Loads the file into the temp table `clv_raw` (one row per record, numbered from 1 after the header), checks
 * every record and returns the SQL of the (customer_id, day, amount) relation `summarizeInWarehouse` expects.
 * Amounts are 0 without an amount column.
 * @throws ClvError (stage `readTransactionsCsv`, the option as its field) for a missing file, a bad delimiter or an
 *   unknown column; Error naming the file and record for a record with an empty customer, a date that does not
 *   parse (with the format) or a non-numeric amount.
 * @example await readTransactionsCsv(wh, { file: 'orders.csv', customer: 'customer_id', date: 'date', delimiter: ',', header: true });
 */
export async function readTransactionsCsv(wh: Warehouse, o: CsvTransactionOptions): Promise<string> {
  try {
    await access(o.file);
  } catch {
    throw optionError('transactions', `file not found: ${o.file}`);
  }
  const whitespace = o.delimiter === 'whitespace';
  if (!whitespace && o.delimiter.length !== 1) throw optionError('delimiter', `expected one character or "whitespace", got "${o.delimiter}"`);
  const file = literal(o.file);
  try {
    if (whitespace) {
      // DuckDB's CSV reader has no multi-character delimiter: read whole lines and split them on whitespace.
      await wh.run(`CREATE OR REPLACE TEMP TABLE clv_raw AS
        SELECT row_number() OVER () AS _record_no, regexp_split_to_array(regexp_replace(line, '^\\s+|\\s+$', '', 'g'), '\\s+') AS f
        FROM read_csv(${file}, columns = {'line': 'VARCHAR'}, header = false, delim = '\\x1f', quote = '', escape = '',
                      auto_detect = false, skip = ${o.header ? 1 : 0})
        WHERE trim(line) <> ''`);
    } else {
      await wh.run(`CREATE OR REPLACE TEMP TABLE clv_raw AS
        SELECT row_number() OVER () AS _record_no, *
        FROM read_csv(${file}, header = ${o.header}, delim = ${literal(o.delimiter)}, all_varchar = true)`);
    }
  } catch (cause) {
    throw new Error(`cannot read ${o.file} as CSV: ${(cause as Error).message}`, { cause });
  }
  const names = await columnNames(wh, o, whitespace);
  const column = (option: string, spec: string): string => {
    const k = o.header ? names.indexOf(spec) : Number(spec) - 1;
    if (!o.header && !(Number.isInteger(k) && k >= 0 && k < names.length)) {
      throw optionError(option, `without a header, expected a column position 1..${names.length}, got "${spec}"`);
    }
    if (k < 0) throw optionError(option, `no column "${spec}" in ${o.file}; columns: ${names.join(', ')}`);
    return whitespace ? `f[${k + 1}]` : ident(names[k]!);
  };
  const customer = `nullif(trim(${column('customer', o.customer)}), '')`;
  const dateText = `trim(${column('date', o.date)})`;
  const day = o.dateFormat === undefined
    ? `TRY_CAST(${dateText} AS TIMESTAMPTZ)::DATE`
    : `try_strptime(${dateText}, ${literal(o.dateFormat)})::DATE`;
  const amountText = o.amount === undefined ? undefined : `trim(${column('amount', o.amount)})`;
  const amount = amountText === undefined ? '0::DOUBLE' : `TRY_CAST(${amountText} AS DOUBLE)`;
  await wh.run(`CREATE OR REPLACE TEMP TABLE clv_csv AS
    SELECT _record_no AS record_no, ${customer} AS customer_id, ${day} AS day, ${amount} AS amount, ${dateText} AS date_text,
           ${amountText ?? 'NULL'} AS amount_text
    FROM clv_raw`);
  const [bad] = await wh.all<{ record_no: number; customer_id: string | null; day: string | null; date_text: string | null; amount_text: string | null }>(
    `SELECT record_no, customer_id, day, date_text, amount_text FROM clv_csv
     WHERE customer_id IS NULL OR day IS NULL OR amount IS NULL ORDER BY record_no LIMIT 1`);
  if (bad) {
    const where = `${o.file} record ${bad.record_no}${o.header ? ' (after the header)' : ''}`;
    if (bad.customer_id === null) throw new Error(`${where}: empty customer in column ${o.customer}`);
    if (bad.day === null) {
      const expected = o.dateFormat === undefined ? 'an ISO date (or give the date format)' : `the date format ${o.dateFormat}`;
      throw new Error(`${where}: date ${JSON.stringify(bad.date_text)} does not match ${expected}`);
    }
    throw new Error(`${where}: amount ${JSON.stringify(bad.amount_text)} is not a number`);
  }
  return 'SELECT customer_id, day, amount FROM clv_csv';
}

/** An option that cannot work (the caller's usage mistake, not the file's): the option is the error's field. */
const optionError = (option: string, detail: string) => new ClvError({ stage: 'readTransactionsCsv', field: option }, detail);

async function columnNames(wh: Warehouse, o: CsvTransactionOptions, whitespace: boolean): Promise<string[]> {
  if (!whitespace) {
    const rows = await wh.all<{ column_name: string }>(`DESCRIBE clv_raw`);
    return rows.map((r) => r.column_name).filter((n) => n !== "_record_no");
  }
  if (!o.header) {
    const [row] = await wh.all<{ n: number | null }>('SELECT max(len(f)) AS n FROM clv_raw');
    return Array.from({ length: row?.n ?? 0 }, (_, i) => String(i + 1));
  }
  const [row] = await wh.all<{ f: string[] }>(`SELECT regexp_split_to_array(regexp_replace(line, '^\\s+|\\s+$', '', 'g'), '\\s+') AS f
    FROM read_csv(${literal(o.file)}, columns = {'line': 'VARCHAR'}, header = false, delim = '\\x1f', quote = '', escape = '', auto_detect = false)
    LIMIT 1`);
  return row?.f ?? [];
}
