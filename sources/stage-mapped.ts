// Turns a raw table read from any connector into a staging table of the contract's fields, through the field mapping.
import type { Channel } from './contracts/index.js';
import { contractColumns } from './contracts/contract-sql.js';
import type { FieldMapping } from './file/schema.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';

/** A column as seen at the source, for schema-drift checks. */
export interface ObservedColumn {
  readonly name: string;
  readonly type: string;
}

export interface MapRequest {
  /** The raw table: one column per source column, or a single `line` column of JSON text when `lineBased`. */
  readonly src: string;
  readonly stage: string;
  readonly channel: Channel;
  readonly mapping: Readonly<Record<string, FieldMapping>>;
  readonly lineBased: boolean;
  /** Named in errors: the file, URL or table the rows came from. */
  readonly location: string;
  /** Record numbers that never reached `src` (rejected while reading), so later rows keep their true number. */
  readonly missingRecords?: readonly number[];
  /** Added to every record number (a batch that continues a run's numbering). */
  readonly firstRecordNo?: number;
}

/**
 * Creates `stage` (`_record_no`, one VARCHAR per contract field, and `_src_row` or `_src_line`: the row's 1-based
 * position in `src`) from `src`, and keeps `src`: a quarantined row's raw text is read back from it (the source row
 * as JSON, or the JSON line itself), so good rows never pay for a copy of their raw text. `src` must be named
 * `<stage>_src`; `dropStage` removes both.
 * @throws Error naming the location when a required field has no column to come from.
 */
export async function mapToStage(wh: Warehouse, req: MapRequest): Promise<void> {
  const columns = req.lineBased ? null : await columnNames(wh, req.src);
  // JSON lines are parsed once for all fields: one json_extract_string with a list of paths, not one per field.
  const paths: string[] = [];
  const fields = contractColumns(req.channel).map((c) => {
    const expr = fieldExpr(c.name, req.mapping[c.name], columns, paths);
    if (expr === null && c.required) {
      const wanted = typeof req.mapping[c.name] === 'string' ? `column "${req.mapping[c.name] as string}"` : 'a column of that name';
      const only = columns?.length === 1 ? columns[0]! : '';
      const guess = [';', '\t', '|', ','].find((d) => only.includes(d));
      const hint = guess ? `the header is one column "${only}": is the delimiter ${JSON.stringify(guess)}? set csv.delimiter` : 'add a mapping for it, or check the delimiter';
      throw new Error(
        `${req.location}: required field "${c.name}" has no column to come from (expected ${wanted}); found columns: ${columns?.join(', ')} (${hint})`,
      );
    }
    return `${expr ?? 'NULL'}::VARCHAR AS ${ident(c.name)}`;
  });
  if (req.src !== `${req.stage}_src`) throw new Error(`internal: staging source table must be named ${req.stage}_src, got ${req.src}`);
  const where = req.lineBased ? `WHERE line IS NOT NULL AND trim(line) <> '' AND json_valid(line)` : '';
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(req.stage)} AS
    WITH src AS (SELECT rowid + 1 AS k, *${paths.length ? `, json_extract_string(line, [${paths.map(literal).join(', ')}]) AS _json` : ''}
                 FROM ${ident(req.src)} ${where}),
    rej AS (SELECT r, row_number() OVER (ORDER BY r) AS i FROM (SELECT unnest($1::BIGINT[]) AS r)),
    adj AS (SELECT r - i AS g, max(i) AS c FROM rej GROUP BY 1)
    SELECT src.k + coalesce(adj.c, 0) + ${req.firstRecordNo ?? 0} AS _record_no, src.k AS ${req.lineBased ? '_src_line' : '_src_row'}, ${fields.join(', ')}
    FROM src ASOF LEFT JOIN adj ON src.k > adj.g`, [`[${(req.missingRecords ?? []).join(',')}]`]);
}

/** Drops a staging table and the source table it was mapped from, if they exist. */
export async function dropStage(wh: Warehouse, stage: string): Promise<void> {
  await wh.run(`DROP TABLE IF EXISTS ${ident(stage)}; DROP TABLE IF EXISTS ${ident(stage + '_src')}`);
}

/**
 * Top-level keys of the JSON records in a one-column (`line`) table, with the JSON types their values take
 * (`VARCHAR`, `BIGINT`, `DOUBLE`, `BOOLEAN`, `OBJECT`, `ARRAY`, or several joined by `|`), from the first 10,000.
 */
export async function observeJsonColumns(wh: Warehouse, src: string): Promise<ObservedColumn[]> {
  return wh.all<ObservedColumn>(`
    WITH recs AS (SELECT line::JSON AS j, rowid AS r FROM ${ident(src)} WHERE json_valid(line) AND json_type(line::JSON) = 'OBJECT' ORDER BY rowid LIMIT 10000),
    kv AS (SELECT unnest(json_keys(j)) AS name, j, r FROM recs)
    SELECT name, coalesce(string_agg(DISTINCT json_type(j -> name), '|' ORDER BY json_type(j -> name))
             FILTER (WHERE json_type(j -> name) <> 'NULL'), 'NULL') AS type
    FROM kv GROUP BY name ORDER BY min(r), name`);
}

/** Column names of a table, in order. */
export async function columnNames(wh: Warehouse, table: string): Promise<string[]> {
  return (await wh.all<{ column_name: string }>(`DESCRIBE ${ident(table)}`)).map((r) => r.column_name);
}

/** The SQL for one contract field; for JSON lines a plain field's path is added to `paths` and read from `_json`. */
function fieldExpr(field: string, mapping: FieldMapping | undefined, columns: string[] | null, paths: string[]): string | null {
  if (mapping && typeof mapping === 'object') return `(${mapping.sql})`;
  const name = mapping ?? field;
  // In JSON records a name is a top-level key; a mapping starting with `$` is a JSON path into nested objects.
  if (columns === null) return `_json[${paths.push(name.startsWith('$') ? name : '$.' + JSON.stringify(name))}]`;
  return columns.includes(name) ? ident(name) : null;
}
