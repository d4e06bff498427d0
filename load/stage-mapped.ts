// Turns a raw table read from any connector into a staging table of the contract's fields, through the field mapping.
import type { Channel } from '../sources/contracts/index.js';
import { contractColumns, type ExtraCheck } from '../sources/contracts/contract-sql.js';
import type { FieldMapping } from '../sources/field-mapping.js';
import type { LoadWarning, ObservedColumn } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';

/** How each contract field is read from a source's columns (see {@link selectFields}). */
export interface FieldSelection {
  /** `<expression>::VARCHAR AS <field>` per contract field, in contract order. */
  readonly selects: readonly string[];
  /** JSON lines only: the paths read once per line into the list `_json` that the expressions index. */
  readonly paths: readonly string[];
  /** Optional fields with no column to come from: staged as NULL, and never merged over a stored value. */
  readonly absent: readonly string[];
  /**
   * Checks that run before the contract's own: for JSON lines, a top-level key given twice (over the columns
   * `line` and `_dup_key`: true when the record has any key twice) and a JSON object or array where text was expected.
   */
  readonly extra: Readonly<Record<string, readonly ExtraCheck[]>>;
}

export interface SelectRequest {
  readonly channel: Channel;
  readonly mapping: Readonly<Record<string, FieldMapping>>;
  /** The source's column names; for JSON lines, the top-level keys seen in its records. */
  readonly columns: readonly string[];
  /** JSON lines in a `line` column rather than one column per field. */
  readonly lineBased: boolean;
  /** Named in errors: the file, URL or table the rows come from. */
  readonly location: string;
  /** `{ sql }` mappings that do not work on this source, with DuckDB's reason (see {@link unmappableFields}). */
  readonly unmappable?: readonly { readonly field: string; readonly error: string }[];
}

/**
 * The SQL that reads every contract field from a source's columns through the mapping (a field is read from the
 * column it is mapped to, or from the column of its own name). A required field with no column to come from fails
 * the whole source, and every such field is named at once, with the columns found and the closest one to each;
 * an optional one is `absent` (NULL). For JSON lines the same holds for a plain key missing from every record
 * seen (an absent optional key is still read, in case later records have it), unless no record was a JSON object
 * at all (then every record is quarantined instead: nothing to name).
 * @throws Error naming the location, each required field without a column, and the columns found.
 */
export function selectFields(req: SelectRequest): FieldSelection {
  const paths: string[] = [];
  const absent: string[] = [];
  const missing: { field: string; wanted: string | undefined }[] = [];
  const extra: Record<string, ExtraCheck[]> = {};
  const columns = new Set(req.columns);
  const selects = contractColumns(req.channel).map((c) => {
    const mapping = req.mapping[c.name];
    let expr: string | null;
    if (mapping && typeof mapping === 'object') expr = `(${mapping.sql})`;
    else {
      const name = mapping ?? c.name;
      const nested = name.startsWith('$'); // a JSON path into nested objects: not checked against the top-level keys
      const seen = columns.has(name) || (req.lineBased && (nested || columns.size === 0));
      if (!seen) {
        if (c.required) missing.push({ field: c.name, wanted: typeof mapping === 'string' ? mapping : undefined });
        else absent.push(c.name);
      }
      // A JSON key not among those seen is still read: records past the ones looked at may have it (a writer that
      // leaves out null keys). Absent, it only means the merge keeps stored values where the record has none.
      if (!seen && !req.lineBased) expr = null;
      else if (!req.lineBased) expr = ident(name);
      else {
        const path = nested ? name : '$.' + JSON.stringify(name);
        expr = `_json[${paths.push(path)}]`;
        extra[c.name] = [
          // A key given twice: JSON.parse keeps the last value, DuckDB's reader the first; which was meant is unclear.
          ...(nested ? [] : [{ failsWhen: `_dup_key AND len(list_filter(json_keys(line), k -> k = ${literal(name)})) > 1`, expected: `the key "${name}" once, got it twice in the record` }]),
          // json_extract_string gives an object's or array's JSON text: it must not pass for a name or an id (a value
          // starting with { or [ is rare, and only then is the line parsed again).
          { failsWhen: `ascii(${ident(c.name)}) IN (123, 91) AND json_type(line, ${literal(path)}) IN ('OBJECT', 'ARRAY')`, expected: 'text, got a JSON object or array' },
        ];
      }
    }
    return `${expr ?? 'NULL'}::VARCHAR AS ${ident(c.name)}`;
  });
  if (missing.length > 0 || (req.unmappable ?? []).length > 0) throw missingFieldsError(req, missing);
  return { selects, paths, absent, extra };
}

function missingFieldsError(req: SelectRequest, missing: readonly { field: string; wanted: string | undefined }[]): Error {
  const found = req.columns.length > 0 ? req.columns.join(', ') : '(none)';
  const detail = missing.map(({ field, wanted }) => {
    const close = closest(wanted ?? field, req.columns);
    return `expected ${wanted === undefined ? 'a column of that name' : `column "${wanted}"`}${close ? `; closest: "${close}", map it with ${field}: ${JSON.stringify(close)}` : ''}`;
  });
  const only = req.columns.length === 1 ? req.columns[0]! : '';
  const guess = [';', '\t', '|', ','].find((d) => only.includes(d));
  const hint = guess ? `the header is one column "${only}": is the delimiter ${JSON.stringify(guess)}? set csv.delimiter`
    : req.lineBased ? 'add a mapping for each' : 'add a mapping for each, or check the delimiter';
  const broken = (req.unmappable ?? []).map((u) => `the mapping of "${u.field}" does not work: ${u.error}`);
  if (missing.length === 0) return new Error(`${req.location}: ${broken.join('; ')}; found ${req.lineBased ? 'keys' : 'columns'}: ${found}`);
  const what = missing.length === 1
    ? `required field "${missing[0]!.field}" has no column to come from (${detail[0]})`
    : `${missing.length} required fields have no column to come from: ${missing.map((m, i) => `"${m.field}" (${detail[i]})`).join(', ')}`;
  return new Error(`${req.location}: ${[what, ...broken].join('; ')}; found ${req.lineBased ? 'keys' : 'columns'}: ${found} (${hint})`);
}

/**
 * The `{ sql }` mappings that DuckDB cannot bind over `from` (a FROM item whose rows are the source's), each with the
 * first line of its error. All are bound together first: only when that fails is each tried alone, to name them all.
 */
export async function unmappableFields(wh: Warehouse, mapping: Readonly<Record<string, FieldMapping>>, from: string): Promise<{ field: string; error: string }[]> {
  const sql = Object.entries(mapping).flatMap(([field, m]) => (typeof m === 'object' ? [{ field, sql: m.sql }] : []));
  const bind = (list: typeof sql) => wh.all(`DESCRIBE SELECT ${list.map((m) => `(${m.sql})::VARCHAR`).join(', ')} FROM ${from}`);
  if (sql.length === 0 || (await bind(sql).then(() => true, () => false))) return [];
  const out: { field: string; error: string }[] = [];
  for (const m of sql) {
    await bind([m]).catch((e: Error) => out.push({ field: m.field, error: (e.message.split('\n')[0] ?? e.message).replace(/^(DuckDB query failed: )?(Binder|Parser|Catalog) Error: /, '') }));
  }
  return out;
}

/** The column whose name is nearest to `name` (case, spaces and underscores aside), when it is near enough to suggest. */
export function closest(name: string, columns: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, '');
  const target = norm(name);
  let best: { column: string; d: number } | undefined;
  for (const column of columns) {
    const c = norm(column);
    const d = c.includes(target) || target.includes(c) ? Math.abs(c.length - target.length) * 0.5 : editDistance(c, target);
    if (!best || d < best.d) best = { column, d };
  }
  return best && best.d <= Math.max(2, target.length / 3) ? best.column : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The warning for optional fields a batch has no column for: loaded as NULL, stored values kept. */
export function absentWarnings(source: string, location: string, absent: readonly string[]): LoadWarning[] {
  if (absent.length === 0) return [];
  const fields = absent.map((f) => `"${f}"`).join(', ');
  return [{
    kind: 'missing-column', subject: source,
    message: `source ${source}: ${location} has no column for the optional field${absent.length > 1 ? 's' : ''} ${fields}: new rows get NULL there, rows already loaded keep their values (map the field if the column was renamed)`,
  }];
}

export interface MapRequest {
  /** The raw table: one column per source column. */
  readonly src: string;
  readonly stage: string;
  readonly channel: Channel;
  readonly mapping: Readonly<Record<string, FieldMapping>>;
  /** Named in errors: the file, URL or table the rows came from. */
  readonly location: string;
  /** Added to every record number (a batch that continues a run's numbering). */
  readonly firstRecordNo?: number;
}

/**
 * Creates `stage` (`_record_no`, one VARCHAR per contract field, and `_src_row`: the row's 1-based position in
 * `src`) from `src`, and keeps `src`: a quarantined row's raw text is read back from it (the source row as JSON),
 * so good rows never pay for a copy of their raw text. `src` must be named `<stage>_src`; `dropStage` removes both.
 * Returns the optional fields that had no column (see {@link selectFields}).
 * @throws Error naming the location when a required field has no column to come from.
 */
export async function mapToStage(wh: Warehouse, req: MapRequest): Promise<readonly string[]> {
  const columns = await columnNames(wh, req.src);
  const { selects, absent } = selectFields({ channel: req.channel, mapping: req.mapping, columns, lineBased: false, location: req.location });
  if (req.src !== `${req.stage}_src`) throw new Error(`internal: staging source table must be named ${req.stage}_src, got ${req.src}`);
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(req.stage)} AS
    SELECT rowid + 1 + ${req.firstRecordNo ?? 0} AS _record_no, rowid + 1 AS _src_row, ${selects.join(', ')} FROM ${ident(req.src)}`);
  return absent;
}

/** Drops a staging table or view, the source table it was mapped from and its record numbers' tables, if they exist. */
export async function dropStage(wh: Warehouse, stage: string): Promise<void> {
  const found = await wh.all<{ name: string; view: boolean }>(
    `SELECT table_name AS name, false AS view FROM duckdb_tables() WHERE temporary AND table_name IN ($1, $2, $3, $4)
     UNION ALL SELECT view_name, true FROM duckdb_views() WHERE temporary AND view_name IN ($1, $2)`, [stage, stage + '_src', stage + '_src_numbers', stage + '_src_cuts']);
  for (const { name, view } of found.sort((a, b) => Number(b.view) - Number(a.view))) await wh.run(`DROP ${view ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(name)}`);
}

/**
 * Top-level keys of the JSON records in a one-column (`line`) table, with the JSON types their values take
 * (`VARCHAR`, `BIGINT`, `DOUBLE`, `BOOLEAN`, `OBJECT`, `ARRAY`, or several joined by `|`), from the records among
 * the first 10,000 lines (only those are parsed: the row-id range is read, not the table).
 */
export async function observeJsonColumns(wh: Warehouse, src: string): Promise<ObservedColumn[]> {
  return wh.all<ObservedColumn>(`
    WITH head AS (SELECT line, rowid AS r FROM ${ident(src)} WHERE rowid < 10000),
    recs AS (SELECT line::JSON AS j, r FROM head WHERE json_valid(line) AND json_type(line::JSON) = 'OBJECT'),
    kv AS (SELECT unnest(json_keys(j)) AS name, j, r FROM recs)
    SELECT name, coalesce(string_agg(DISTINCT json_type(j -> name), '|' ORDER BY json_type(j -> name))
             FILTER (WHERE json_type(j -> name) <> 'NULL'), 'NULL') AS type
    FROM kv GROUP BY name ORDER BY min(r), name`);
}

/** Column names of a table, in order. */
export async function columnNames(wh: Warehouse, table: string): Promise<string[]> {
  return (await wh.all<{ column_name: string }>(`DESCRIBE ${ident(table)}`)).map((r) => r.column_name);
}
