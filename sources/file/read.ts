// Reads one file with DuckDB's own readers into a staging table of text columns named after the contract fields.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Channel } from '../contracts/index.js';
import type { Reject } from '../source.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { ident, literal } from '../../warehouse/warehouse.js';
import { columnNames, dropStage, mapToStage, observeJsonColumns, type ObservedColumn } from '../stage-mapped.js';
import { explainReadError, inspectFile, truncatedError } from './inspect.js';
import type { FieldMapping, FileSourceConfig } from './schema.js';

export type FileFormat = NonNullable<FileSourceConfig['format']>;

/** The format of a file from its name (`.csv.gz` is CSV); throws naming the file when it cannot tell. */
export function formatOf(file: string): FileFormat {
  const name = file.toLowerCase().replace(/\.(gz|zst)$/, '');
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.parquet')) return 'parquet';
  throw new Error(`${file}: cannot tell the format from the file name; set "format" (csv, ndjson, json, parquet) on the source`);
}

/** sha256 of a file's bytes, streamed. */
export async function fingerprintFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface StageRequest {
  readonly warehouse: Warehouse;
  readonly file: string;
  readonly format: FileFormat;
  readonly csv: FileSourceConfig['csv'];
  readonly mapping: Readonly<Record<string, FieldMapping>>;
  readonly channel: Channel;
  readonly stage: string;
  readonly encoding?: FileSourceConfig['encoding'];
  /** Called with the file's columns (name and type) before mapping, for schema-drift checks. */
  readonly onColumns?: (columns: readonly ObservedColumn[]) => Promise<void>;
}

/**
 * Reads `file` into the temp table `stage` (see `mapToStage`: `<stage>_src` keeps the rows as read) and returns
 * the records DuckDB could not split into fields.
 * @throws Error naming the file and what was expected when the file cannot be read at all, or when a required
 *   contract field has no column to come from (schema drift, or a wrong delimiter).
 */
export async function stageFile(req: StageRequest): Promise<Reject[]> {
  const { warehouse: wh, file } = req;
  const src = `${req.stage}_src`;
  const rejects = `${req.stage}_rejects`;
  const encoding = req.encoding ?? 'utf-8';
  const facts = await inspectFile(file, req.format, encoding);
  let rejected: Reject[] = [];
  let lastRecord = 0;
  try {
    if (req.format === 'csv') {
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT * FROM read_csv(${literal(file)},
        all_varchar = true, header = true, delim = ${literal(req.csv.delimiter)}, quote = ${literal(req.csv.quote)},
        escape = ${literal(req.csv.quote)}, encoding = ${literal(encoding)}, store_rejects = true, rejects_table = ${literal(rejects)},
        rejects_scan = ${literal(rejects + '_scan')}, sample_size = -1)`);
      // DuckDB may report one line more than once (one row per problem); a record is rejected once.
      const rows = await wh.all<{ line: number; csv_line: string; reason: string; bad_encoding: boolean }>(
        `SELECT line, first(csv_line) AS csv_line, string_agg(DISTINCT lower(error_type::VARCHAR) || ': ' || error_message, '; ') AS reason,
                bool_or(error_type::VARCHAR = 'INVALID ENCODING') AS bad_encoding
         FROM ${ident(rejects)} GROUP BY line ORDER BY line`,
      );
      const badEncoding = rows.find((r) => r.bad_encoding);
      if (badEncoding) throw new Error(`CSV Error on Line: ${badEncoding.line}\nInvalid unicode`); // a file-level problem, not a record's
      rejected = rows.map((r) => ({ recordNo: r.line - 1, raw: r.csv_line, reason: r.reason }));
      const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(src)}`);
      lastRecord = n + rejected.length;
    } else if (req.format === 'ndjson') {
      // One text column per physical line, so a broken line is one quarantined record, not a failed file.
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT line FROM read_csv(${literal(file)},
        columns = {'line': 'VARCHAR'}, header = false, delim = '\x01', quote = '', escape = '', auto_detect = false,
        encoding = ${literal(encoding)})`);
      const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT coalesce(max(rowid) + 1, 0) AS n FROM ${ident(src)} WHERE trim(line) <> ''`);
      lastRecord = n;
      rejected = (
        await wh.all<{ n: number; line: string }>(
          `SELECT rowid + 1 AS n, line FROM ${ident(src)} WHERE line IS NOT NULL AND trim(line) <> '' AND NOT json_valid(line) ORDER BY n`,
        )
      ).map((r) => ({ recordNo: r.n, raw: r.line, reason: 'invalid JSON: the line does not parse as a JSON value' }));
    } else if (req.format === 'json') {
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS
        SELECT json::VARCHAR AS line FROM read_json_objects(${literal(file)}, format = 'array')`);
    } else {
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT * FROM read_parquet(${literal(file)})`);
    }
  } catch (cause) {
    throw new Error(explainReadError(file, req.format, (cause as Error).message), { cause });
  } finally {
    await wh.run(`DROP TABLE IF EXISTS ${ident(rejects)}; DROP TABLE IF EXISTS ${ident(rejects + '_scan')}`);
  }
  if (!facts.endsWithLineBreak && rejected.some((r) => r.recordNo === lastRecord)) throw truncatedError(file, lastRecord);
  const lineBased = req.format === 'ndjson' || req.format === 'json';
  const observed = req.onColumns ? await observeColumns(wh, src, req) : [];
  // CSV rejects never reach the src table, so the n-th surviving row is record n plus the rejects before it;
  // NDJSON keeps every physical line in src, so its row number already is the line number.
  await mapToStage(wh, {
    src, stage: req.stage, channel: req.channel, mapping: req.mapping, lineBased, location: file,
    missingRecords: lineBased ? [] : rejected.map((r) => r.recordNo),
  });
  try {
    await req.onColumns?.(observed);
  } catch (error) {
    await dropStage(wh, req.stage);
    throw error;
  }
  return rejected;
}

/** The file's columns and their types: DuckDB's CSV sniffer for CSV, JSON value types for JSON, Parquet's own. */
async function observeColumns(wh: Warehouse, src: string, req: StageRequest): Promise<ObservedColumn[]> {
  if (req.format === 'ndjson' || req.format === 'json') return observeJsonColumns(wh, src);
  if (req.format === 'csv') {
    const sniffed = await wh
      .all<{ name: string; type: string }>(
        `SELECT unnest(Columns, recursive := true) FROM sniff_csv(${literal(req.file)}, delim = ${literal(req.csv.delimiter)},
           quote = ${literal(req.csv.quote)}, encoding = ${literal(req.encoding ?? 'utf-8')}, ignore_errors = true)`,
      )
      .catch(() => []); // types are a hint: a file the sniffer dislikes is still checked by name below
    const types = new Map(sniffed.map((c) => [c.name, c.type]));
    return (await columnNames(wh, src)).map((name) => ({ name, type: types.get(name) ?? 'VARCHAR' }));
  }
  return (await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(src)}`)).map((c) => ({ name: c.column_name, type: c.column_type }));
}
