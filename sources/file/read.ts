// Reads one file with DuckDB's own readers into a staging table of text columns named after the contract fields.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Channel } from '../contracts/index.js';
import type { Reject } from '../source.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { ident, literal } from '../../warehouse/warehouse.js';
import { mapToStage } from '../stage-mapped.js';
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
}

/**
 * Reads `file` into the temp table `stage` (`_record_no`, `_raw`, one VARCHAR per contract field) and returns
 * the records DuckDB could not split into fields.
 * @throws Error naming the file and what was expected when the file cannot be read at all, or when a required
 *   contract field has no column to come from (schema drift, or a wrong delimiter).
 */
export async function stageFile(req: StageRequest): Promise<Reject[]> {
  const { warehouse: wh, file } = req;
  const src = `${req.stage}_src`;
  const rejects = `${req.stage}_rejects`;
  let rejected: Reject[] = [];
  try {
    if (req.format === 'csv') {
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT * FROM read_csv(${literal(file)},
        all_varchar = true, header = true, delim = ${literal(req.csv.delimiter)}, quote = ${literal(req.csv.quote)},
        escape = ${literal(req.csv.quote)}, store_rejects = true, rejects_table = ${literal(rejects)},
        rejects_scan = ${literal(rejects + '_scan')}, sample_size = -1)`);
      rejected = (
        await wh.all<{ line: number; csv_line: string; error_message: string; error_type: string }>(
          `SELECT line, csv_line, error_message, error_type FROM ${ident(rejects)} ORDER BY line`,
        )
      ).map((r) => ({ recordNo: r.line - 1, raw: r.csv_line, reason: `${r.error_type.toLowerCase()}: ${r.error_message}` }));
    } else if (req.format === 'ndjson') {
      // One text column per physical line, so a broken line is one quarantined record, not a failed file.
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT line FROM read_csv(${literal(file)},
        columns = {'line': 'VARCHAR'}, header = false, delim = '\x01', quote = '', escape = '', auto_detect = false)`);
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
    throw new Error(`${file}: cannot read as ${req.format}: ${firstLine((cause as Error).message)}`, { cause });
  } finally {
    await wh.run(`DROP TABLE IF EXISTS ${ident(rejects)}; DROP TABLE IF EXISTS ${ident(rejects + '_scan')}`);
  }
  const lineBased = req.format === 'ndjson' || req.format === 'json';
  // CSV rejects never reach the src table, so the n-th surviving row is record n plus the rejects before it;
  // NDJSON keeps every physical line in src, so its row number already is the line number.
  await mapToStage(wh, {
    src, stage: req.stage, channel: req.channel, mapping: req.mapping, lineBased, location: file,
    missingRecords: lineBased ? [] : rejected.map((r) => r.recordNo),
  });
  return rejected;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
