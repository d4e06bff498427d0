// Writes export rows straight from DuckDB with one COPY, byte for byte as export-formats.ts writes them from JS.
import { literal, type Warehouse } from '../warehouse/warehouse.js';
import { formulaStart, parquetType, type ExportColumn, type ExportFormat, type FormatOptions } from './export-formats.js';

/** The formats COPY can write exactly as the JS writers do (Arrow IPC has no DuckDB writer). */
const copyFormats: ReadonlySet<ExportFormat> = new Set(['csv', 'json', 'ndjson', 'parquet']);
const maxSafe = '9007199254740991';
// Characters DuckDB's JSON escapes as \u000B where JSON.stringify writes \u000b: such values go through JS.
const upperHexEscapes = '[\\x0B\\x0E\\x0F\\x1A-\\x1F]';

/** How a column's value prints as JS prints it after the warehouse's conversion (dialect/convert-value.ts). */
type Printer = { readonly text: (x: string) => string; readonly json: (x: string) => string; readonly isString: boolean };

/**
 * The printer of a column when SQL can reproduce the JS text exactly, else undefined: DOUBLE/FLOAT (JS prints the
 * shortest round-trip form, DuckDB differs on integers and exponents), DECIMAL beyond 15 digits or 6 decimals, lists
 * of anything but text, and other types go through JS.
 */
function printer(c: ExportColumn): Printer | undefined {
  const q = (text: string) => `('"' || ${text} || '"')`;
  switch (c.kind) {
    case 'text': return { text: (x) => x, json: (x) => `to_json(${x})::VARCHAR`, isString: true };
    case 'boolean': return { text: (x) => `${x}::VARCHAR`, json: (x) => `${x}::VARCHAR`, isString: false };
    case 'date': return { text: (x) => `${x}::VARCHAR`, json: (x) => q(`${x}::VARCHAR`), isString: true };
    case 'timestamp': {
      // Date.toISOString of the UTC instant floored to milliseconds (the session time zone is UTC).
      const iso = (x: string) => `strftime(${x}::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%gZ')`;
      return { text: iso, json: (x) => q(iso(x)), isString: true };
    }
    case 'list':
      if (c.type !== 'VARCHAR[]') return undefined;
      return { text: (x) => `array_to_string(list_transform(${x}, e -> coalesce(e, '')), '; ')`, json: (x) => `to_json(${x})::VARCHAR`, isString: true };
    case 'number': {
      if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER)$/.test(c.type)) return { text: (x) => `${x}::VARCHAR`, json: (x) => `${x}::VARCHAR`, isString: false };
      if (/^(BIGINT|UBIGINT|HUGEINT|UHUGEINT)$/.test(c.type)) {
        // Beyond 2^53 the value reaches JS as a bigint: a string in CSV (so a formula check applies) and in JSON.
        const unsafe = (x: string) => `(${x} > ${maxSafe} OR ${x} < -${maxSafe})`;
        return {
          text: (x) => `CASE WHEN ${x} < -${maxSafe} THEN '''' ELSE '' END || ${x}::VARCHAR`,
          json: (x) => `CASE WHEN ${unsafe(x)} THEN ${q(`${x}::VARCHAR`)} ELSE ${x}::VARCHAR END`,
          isString: false,
        };
      }
      const d = /^DECIMAL\((\d+),(\d+)\)$/.exec(c.type);
      if (!d || Number(d[2]) > 6) return undefined;
      // Number(text) prints the exact decimal without trailing zeros while it has at most 15 significant digits
      // (checked per export by `decimalsFit`).
      const strip = (x: string) => (Number(d[2]) === 0 ? `${x}::VARCHAR` : `rtrim(rtrim(${x}::VARCHAR, '0'), '.')`);
      return { text: strip, json: strip, isString: false };
    }
    default: return undefined;
  }
}

/**
 * True when `copyExportFile` can write these columns in this format (it may still decline for the values) and
 * `jsonLineSql` can print them for the export record.
 */
export function copyWritable(format: ExportFormat, columns: readonly ExportColumn[]): boolean {
  return copyFormats.has(format) && columns.every((c) => printer(c) !== undefined);
}

/** SQL for one row as `JSON.stringify` of the row the JS writers build (the NDJSON line); needs `copyWritable`. */
export function jsonLineSql(columns: readonly ExportColumn[]): string {
  const member = (c: ExportColumn) => `${literal(`${JSON.stringify(c.name)}:`)} || coalesce(${printer(c)!.json(quoteId(c.name))}, 'null')`;
  return `'{' || ${columns.map(member).join(` || ',' || `)} || '}'`;
}

const quoteId = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Writes the kept rows of `table` (`__reason IS NULL`, ordered by `__key`) to `tmp` in `format` with one COPY, or
 * returns false without writing when a value would print differently from the JS writers (a DECIMAL beyond 15
 * significant digits, or a control character JSON would escape in upper case): the caller then writes from JS.
 * Expects `copyWritable(format, columns)` and at least one row.
 * @throws Error from DuckDB when the file cannot be written.
 */
export async function copyExportFile(
  wh: Warehouse, table: string, tmp: string, format: ExportFormat, columns: readonly ExportColumn[], options: FormatOptions = {},
): Promise<boolean> {
  if (!(await valuesFit(wh, table, format, columns))) return false;
  const ref = (c: ExportColumn) => quoteId(c.name);
  const from = `FROM ${table} WHERE __reason IS NULL ORDER BY __key`;
  if (format === 'parquet') {
    // The JS writer staged NDJSON (timestamps as ISO text with milliseconds) and read it back with these types.
    const cast = (c: ExportColumn) => (c.kind === 'timestamp' ? `date_trunc('millisecond', ${ref(c)}::TIMESTAMP)` : `${ref(c)}::${parquetType(c)}`);
    await wh.run(`COPY (SELECT ${columns.map((c) => `${cast(c)} AS ${ref(c)}`).join(', ')} ${from}) TO ${literal(tmp)} (FORMAT parquet)`);
    return true;
  }
  // Each row is one preformatted line; QUOTE '' writes it as is, NEW_LINE goes between rows, PREFIX and SUFFIX around them.
  const raw = `FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01'`;
  let line: string;
  let layout: string;
  if (format === 'csv') {
    const cell = (c: ExportColumn, p: Printer) => {
      const v = `coalesce(${p.text(ref(c))}, '')`;
      const safe = p.isString ? `CASE WHEN left(${v}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${v} ELSE ${v} END` : v;
      return `'"' || replace(${safe}, '"', '""') || '"'`;
    };
    line = columns.map((c) => cell(c, printer(c)!)).join(` || ',' || `);
    const header = columns.map((c) => `"${(formulaStart.test(c.name) ? `'${c.name}` : c.name).replaceAll('"', '""')}"`).join(',');
    layout = `NEW_LINE '\\r\\n', PREFIX ${literal(`${options.bom ? '\uFEFF' : ''}${header}\r\n`)}, SUFFIX ${literal('\r\n')}`;
  } else {
    line = jsonLineSql(columns);
    layout = format === 'json' ? `NEW_LINE ',\\n', PREFIX ${literal('[\n')}, SUFFIX ${literal('\n]\n')}` : `NEW_LINE '\\n'`;
  }
  await wh.run(`COPY (SELECT ${line} AS line ${from}) TO ${literal(tmp)} (${raw}, ${layout})`);
  return true;
}

/** One scan of the kept rows: do the DECIMALs and (for JSON) the texts print as they would from JS? */
async function valuesFit(wh: Warehouse, table: string, format: ExportFormat, columns: readonly ExportColumn[]): Promise<boolean> {
  const checks: string[] = [];
  for (const c of columns) {
    const ref = quoteId(c.name);
    const d = /^DECIMAL\((\d+),(\d+)\)$/.exec(c.type);
    if (d && Number(d[1]) > 15) checks.push(`bool_or(abs(${ref}) >= 1e${15 - Number(d[2])})`);
    if ((format === 'json' || format === 'ndjson') && (c.kind === 'text' || c.kind === 'list')) {
      checks.push(`bool_or(regexp_matches(${c.kind === 'list' ? `array_to_string(${ref}, '')` : ref}, '${upperHexEscapes}'))`);
    }
  }
  if (checks.length === 0) return true;
  const [r] = await wh.all<{ misfit: boolean | null }>(`SELECT ${checks.map((c) => `coalesce(${c}, false)`).join(' OR ')} AS misfit FROM ${table} WHERE __reason IS NULL`);
  return r?.misfit !== true;
}
