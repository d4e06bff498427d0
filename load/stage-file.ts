// Reads one file with DuckDB's own readers straight into checked rows of the channel contract (typed, with reasons).
import type { Channel } from '../sources/contracts/index.js';
import type { FieldMapping } from '../sources/field-mapping.js';
import type { FileData, FileFormat, ObservedColumn, Reject } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { checkedSelect } from '../sources/contracts/contract-sql.js';
import type { DriftOutcome } from './schema-drift.js';
import { dropStage, observeJsonColumns, selectFields, unmappableFields } from './stage-mapped.js';
import { explainReadError, inspectFile, truncatedError } from './inspect-file.js';
import { jsonLinesFrom } from './stage-ndjson.js';

interface StageRequest {
  readonly warehouse: Warehouse;
  readonly file: string;
  readonly format: FileFormat;
  readonly csv?: FileData['csv'];
  readonly mapping: Readonly<Record<string, FieldMapping>>;
  readonly channel: Channel;
  readonly stage: string;
  readonly encoding?: FileData['encoding'];
  /** Added to every staged record number (a batch that continues a run's numbering); rejects keep the file's. */
  readonly firstRecordNo?: number;
  /** Called with the file's columns (name and type) before its rows are read, for schema-drift checks. */
  readonly onColumns?: (columns: readonly ObservedColumn[]) => Promise<DriftOutcome>;
}

/** A file read into checked rows (see {@link stageFile}). */
export interface StagedFile {
  /** Records DuckDB could not split into fields (they never reached the stage). */
  readonly rejects: Reject[];
  /** Optional contract fields the file has no column for. */
  readonly absent: readonly string[];
  /** What `onColumns` decided (schema to record, warnings). */
  readonly drift?: DriftOutcome;
}

/**
 * Reads `file` straight into checked rows, in one statement from DuckDB's reader: the temp table `<stage>_src`
 * holds the contract fields already typed, `_reason`/`_field` (NULL on good rows) and, for bad rows only, `_fields`
 * and `_raw` (the row as JSON, or the JSON line); the view `<stage>` adds `_record_no`. Nothing else is copied.
 * @throws Error naming the file and what was expected when the file cannot be read at all, or when a required
 *   contract field has no column to come from (schema drift, or a wrong delimiter).
 */
export async function stageFile(req: StageRequest): Promise<StagedFile> {
  const { warehouse: wh, file } = req;
  const src = `${req.stage}_src`;
  const lines = `${req.stage}_lines`;
  const rejects = `${req.stage}_rejects`;
  const encoding = req.encoding ?? 'utf-8';
  const facts = await inspectFile(file, req.format, encoding);
  const lineBased = req.format === 'ndjson' || req.format === 'json';
  let rejected: Reject[] = [];
  let drift: DriftOutcome | undefined;
  let absent: readonly string[] = [];
  let described: { column_name: string; column_type: string }[] = [];
  try {
    let lastRecord = 0;
    try {
      if (lineBased) {
        if (req.format === 'ndjson') {
          // One text column per physical line, so a broken line is one quarantined record, not a failed file; each
          // line is checked for valid JSON once, here (`_ok`: false for a blank line too).
          await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(lines)} AS SELECT line, coalesce(json_valid(line), false) AS _ok FROM read_csv(${literal(file)},
            columns = {'line': 'VARCHAR'}, header = false, delim = '\x01', quote = '', escape = '', auto_detect = false,
            encoding = ${literal(encoding)})`);
          if (!facts.endsWithLineBreak) { // only then can the last record be cut off
            const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT coalesce(max(rowid) + 1, 0) AS n FROM ${ident(lines)} WHERE ${nonBlank}`);
            lastRecord = n;
          }
          rejected = (
            await wh.all<{ n: number; line: string }>(
              `SELECT rowid + 1 AS n, line FROM ${ident(lines)} WHERE NOT _ok AND ${nonBlank} ORDER BY n`,
            )
          ).map((r) => ({ recordNo: r.n, raw: r.line, reason: 'invalid JSON: the line does not parse as a JSON value' }));
        } else {
          await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(lines)} AS
            SELECT json::VARCHAR AS line, true AS _ok FROM read_json_objects(${literal(file)}, format = 'array')`);
        }
      } else {
        // Binding the reader reads only the header and a sample: the columns are known before any row is read.
        described = await wh.all(`DESCRIBE SELECT * FROM ${reader(req, rejects)}`);
      }
    } catch (cause) {
      throw new Error(explainReadError(file, req.format, (cause as Error).message), { cause });
    }
    if (!facts.endsWithLineBreak && rejected.some((r) => r.recordNo === lastRecord)) throw truncatedError(file, lastRecord);
    const observed = lineBased ? await observeJsonColumns(wh, lines) : await observeColumns(wh, req, described);
    const unmappable = await unmappableFields(wh, req.mapping, lineBased ? ident(lines) : `${reader(req, rejects)} s`);
    const fields = selectFields({ channel: req.channel, mapping: req.mapping, columns: observed.map((c) => c.name), lineBased, location: file, unmappable });
    absent = fields.absent;
    drift = await req.onColumns?.(observed);
    const first = req.firstRecordNo ?? 0;
    try {
      if (lineBased) {
        // Each line is parsed once for all fields (`jsonLinesFrom`); its record number is its line number.
        const from = jsonLinesFrom(fields, `(SELECT rowid + 1 + ${first} AS _record_no, line FROM ${ident(lines)} WHERE _ok)`);
        await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT * EXCLUDE (line, _dup_key) FROM (${checkedSelect(req.channel, from, fields.extra, 'line')})`);
        await wh.run(`DROP TABLE ${ident(lines)}`);
        await wh.run(`CREATE OR REPLACE TEMP VIEW ${ident(req.stage)} AS SELECT * FROM ${ident(src)}`);
      } else {
        // A window function in the mapping (line numbers within an order) returns rows grouped by its partition, not
        // in file order, and `_record_no` is the row's position in `src`: then the file is read into a table first
        // (its row ids are file order) and `src` is written in that order. Without one, rows stay in file order.
        const windowed = Object.values(req.mapping).some((m) => typeof m === 'object' && /\bover\s*\(/i.test(m.sql));
        const raw = ident(`${req.stage}_raw`);
        if (windowed) await wh.run(`CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT * FROM ${reader(req, rejects)}`);
        const from = windowed
          ? `(SELECT ${fields.selects.join(', ')}, s AS _row, s.rowid AS _pos FROM ${raw} s)`
          : `(SELECT ${fields.selects.join(', ')}, s AS _row FROM ${reader(req, rejects)} s)`;
        await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS SELECT * EXCLUDE (_row${windowed ? ', _pos' : ''})
          FROM (${checkedSelect(req.channel, from, fields.extra, 'to_json(_row)::VARCHAR')})${windowed ? ' ORDER BY _pos' : ''}`);
        if (windowed) await wh.run(`DROP TABLE ${raw}`);
        if (req.format === 'csv') {
          rejected = await csvRejects(wh, rejects);
          const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(src)}`);
          lastRecord = n + rejected.length;
          if (!facts.endsWithLineBreak && rejected.some((r) => r.recordNo === lastRecord)) throw truncatedError(file, lastRecord);
        }
        await wh.run(`CREATE OR REPLACE TEMP VIEW ${ident(req.stage)} AS ${await numberRecords(wh, src, rejected, first)}`);
      }
    } catch (cause) {
      if ((cause as Error).message.startsWith(file)) throw cause;
      throw new Error(explainReadError(file, req.format, (cause as Error).message), { cause });
    }
  } catch (error) {
    await dropStage(wh, req.stage);
    throw error;
  } finally {
    await wh.run(`DROP TABLE IF EXISTS ${ident(lines)}; DROP TABLE IF EXISTS ${ident(rejects)}; DROP TABLE IF EXISTS ${ident(rejects + '_scan')}`);
    await wh.run(`DROP TABLE IF EXISTS ${ident(`${req.stage}_raw`)}`);
  }
  return { rejects: rejected, absent, drift };
}

const defaultCsv = { delimiter: ',', quote: '"' };

/** A line with more than spaces (trimming is a copy of the line: only lines that start with white space pay for it). */
const nonBlank = `line IS NOT NULL AND (ascii(line) NOT IN (9, 10, 11, 12, 13, 32) OR trim(line) <> '')`;

/** The reader of a CSV or Parquet file as a FROM item; CSV records that do not split go to the table `rejects`. */
function reader(req: StageRequest, rejects: string): string {
  if (req.format === 'parquet') return `read_parquet(${literal(req.file)})`;
  const { delimiter, quote } = req.csv ?? defaultCsv;
  return `read_csv(${literal(req.file)}, all_varchar = true, header = true, delim = ${literal(delimiter)}, quote = ${literal(quote)},
    escape = ${literal(quote)}, encoding = ${literal(req.encoding ?? 'utf-8')}, store_rejects = true, rejects_table = ${literal(rejects)},
    rejects_scan = ${literal(rejects + '_scan')}, sample_size = -1)`;
}

/** The CSV records DuckDB rejected, one per line (it may report a line once per problem). */
async function csvRejects(wh: Warehouse, rejects: string): Promise<Reject[]> {
  const rows = await wh.all<{ line: number; csv_line: string; reason: string; bad_encoding: boolean }>(
    // One problem kind is reported once per column it touches ("Found: 2", "Found: 3", ...): keep its first report.
    `SELECT line, first(csv_line) AS csv_line, string_agg(reason, '; ' ORDER BY reason) AS reason, bool_or(bad_encoding) AS bad_encoding
     FROM (SELECT line, first(csv_line) AS csv_line, lower(error_type::VARCHAR) || ': ' || arg_min(error_message, coalesce(column_idx, 0)) AS reason,
                  error_type::VARCHAR = 'INVALID ENCODING' AS bad_encoding
           FROM ${ident(rejects)} GROUP BY line, error_type)
     GROUP BY line ORDER BY line`,
  );
  const badEncoding = rows.find((r) => r.bad_encoding);
  if (badEncoding) throw new Error(`CSV Error on Line: ${badEncoding.line}\nInvalid unicode`); // a file-level problem, not a record's
  return rows.map((r) => ({ recordNo: r.line - 1, raw: r.csv_line, reason: r.reason }));
}

/**
 * The SELECT of `src` with `_record_no` in file order: rejected records never reached it, so the n-th row is record
 * n plus the rejects before it. With none (the usual case) that is `rowid + 1`, computed on the fly. Otherwise the
 * row-id range is cut into blocks of 2,048 rows, and each block at the rows that follow a reject; a small table
 * holds each piece's first and last row id and how many rejects come before it, and every read of the stage joins
 * it on the block number (a hash join on an integer). Storing the numbers in `src` instead (an as-of join of every
 * row id, then an UPDATE of every row) cost 1.1 s of an 8.3 s load of 3M rows with 3,778 rejects.
 */
async function numberRecords(wh: Warehouse, src: string, rejected: readonly Reject[], first: number): Promise<string> {
  if (rejected.length === 0) return `SELECT *, rowid + 1 + ${first} AS _record_no FROM ${ident(src)}`;
  const pieces = ident(`${src}_numbers`);
  const cuts = ident(`${src}_cuts`);
  // The i-th reject (0-based) is followed by src rows from position recordNo - i - 1 on (0-based row ids).
  const after = rejected.map((r, i) => r.recordNo - i - 1).join(', ');
  // The cuts are a table of their own: inlined as a list in the query, twice, 37k of them took 10 s (0.2 s this way).
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${cuts} AS
    SELECT pos, sum(count(*)) OVER (ORDER BY pos) AS before FROM unnest([${after}]::BIGINT[]) t(pos) GROUP BY pos`);
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${pieces} AS
    WITH starts AS (SELECT range AS lo FROM range(0, (SELECT count(*) FROM ${ident(src)}) + 1, ${numberBlock}) UNION SELECT pos FROM ${cuts})
    SELECT lo >> ${numberBlockBits} AS block, lo, lead(lo, 1, (lo >> ${numberBlockBits} << ${numberBlockBits}) + ${numberBlock}) OVER (ORDER BY lo) AS hi,
           coalesce(b.before, 0) AS before
    FROM starts s ASOF LEFT JOIN ${cuts} b ON s.lo >= b.pos;
    DROP TABLE ${cuts}`);
  return `SELECT s.*, s.rowid + 1 + ${first} + n.before AS _record_no FROM ${ident(src)} s
    JOIN ${pieces} n ON n.block = s.rowid >> ${numberBlockBits} AND s.rowid >= n.lo AND s.rowid < n.hi`;
}

const numberBlockBits = 11;
const numberBlock = 1 << numberBlockBits;

/** A CSV or Parquet file's columns and their types: DuckDB's CSV sniffer for CSV, Parquet's own. */
async function observeColumns(wh: Warehouse, req: StageRequest, described: readonly { column_name: string; column_type: string }[]): Promise<ObservedColumn[]> {
  if (req.format === 'csv') {
    const sniffed = await wh
      .all<{ name: string; type: string }>(
        `SELECT unnest(Columns, recursive := true) FROM sniff_csv(${literal(req.file)}, delim = ${literal((req.csv ?? defaultCsv).delimiter)},
           quote = ${literal((req.csv ?? defaultCsv).quote)}, encoding = ${literal(req.encoding ?? 'utf-8')}, ignore_errors = true)`,
      )
      .catch(() => []); // types are a hint: a file the sniffer dislikes is still checked by name below
    const types = new Map(sniffed.map((c) => [c.name, c.type]));
    return described.map((c) => ({ name: c.column_name, type: types.get(c.column_name) ?? 'VARCHAR' }));
  }
  return described.map((c) => ({ name: c.column_name, type: c.column_type }));
}
