// Lists quarantined rows, exports them as CSV for correction, and re-loads corrected rows through the contract.
import { writeAtomically } from '../shared/write-atomically.js';
import type { Channel } from '../sources/contracts/index.js';
import { checkedSql, contractColumns, createTableSql } from '../sources/contracts/contract-sql.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { mergeValid } from './load.js';

/** One quarantined record as listed. */
export interface QuarantinedRow {
  readonly source: string;
  readonly location: string;
  readonly record_no: number;
  readonly field: string | null;
  readonly reason: string;
  readonly raw: string;
  readonly run_id: string;
  readonly quarantined_at: Date;
  readonly resolved_at: Date | null;
}

/** Quarantined rows, newest first; open ones only unless `all`. */
export async function listQuarantine(wh: Warehouse, opts: { source?: string; limit: number; all?: boolean }): Promise<{ rows: QuarantinedRow[]; total: number }> {
  const where = `WHERE ($1::VARCHAR IS NULL OR source = $1) AND ($2 OR resolved_at IS NULL)`;
  const params = [opts.source ?? null, opts.all === true];
  const rows = await wh.all<QuarantinedRow>(
    `SELECT source, location, record_no, field, reason, raw, run_id, quarantined_at, resolved_at FROM quarantine ${where}
     ORDER BY quarantined_at DESC, source, location, record_no LIMIT ${Math.max(0, Math.floor(opts.limit))}`, params);
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM quarantine ${where}`, params);
  return { rows, total: n };
}

const keyColumns = ['source', 'location', 'record_no', 'raw_hash'] as const;

/**
 * Writes the open quarantined rows of `source` to a CSV file: the row's key (`source, location, record_no,
 * raw_hash`), `reason`, `raw`, then one column per contract field holding the value as staged (empty for
 * records that could not be split into fields). Written under a temporary name and renamed when complete.
 * @returns how many rows were written.
 */
export async function exportQuarantine(wh: Warehouse, source: string, channel: Channel, file: string): Promise<number> {
  const fields = contractColumns(channel).map((c) => `json_extract_string(fields, ${literal('$.' + c.name)}) AS ${ident(c.name)}`);
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(
    'SELECT count(*) AS n FROM quarantine WHERE source = $1 AND resolved_at IS NULL', [source]);
  await writeAtomically(file, (tmp) => wh.run(`COPY (SELECT ${keyColumns.join(', ')}, reason, raw, ${fields.join(', ')} FROM quarantine
      WHERE source = ${literal(source)} AND resolved_at IS NULL ORDER BY location, record_no) TO ${literal(tmp)} (HEADER, DELIMITER ',')`));
  return n;
}

/** What an import did. */
export interface ImportResult {
  /** Corrected rows that passed the contract and were merged; their quarantine rows are now resolved. */
  readonly reloaded: number;
  /** Of those, rows whose key was new to the channel table. */
  readonly loaded: number;
  /** Corrected rows that still break the contract: they stay open in quarantine. */
  readonly stillFailing: readonly { location: string; record_no: number; reason: string }[];
  /** Rows of the file that match no open quarantine row (already re-loaded, or not exported from it). */
  readonly unmatched: number;
}

/**
 * Re-loads a corrected export (see {@link exportQuarantine}): every row that matches an open quarantine row
 * of `source` is validated against the channel contract; the good ones are merged into the channel table with
 * their original location and record number, and their quarantine rows marked resolved, all in one transaction.
 * Running it twice changes nothing the second time.
 * @throws Error naming the file when it lacks the key or field columns, or holds rows of another source.
 */
export async function importCorrections(wh: Warehouse, source: string, channel: Channel, file: string, runId: string): Promise<ImportResult> {
  const fix = 'quarantine_import';
  try {
    await wh.run(`CREATE OR REPLACE TEMP TABLE ${fix} AS SELECT * FROM read_csv(${literal(file)}, all_varchar = true, header = true, sample_size = -1)`);
  } catch (cause) {
    throw new Error(`${file}: cannot read as CSV: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  const names = new Set((await wh.all<{ column_name: string }>(`DESCRIBE ${fix}`)).map((c) => c.column_name));
  const fields = contractColumns(channel).map((c) => c.name);
  const missing = [...keyColumns, ...fields].filter((c) => !names.has(c));
  if (missing.length > 0) throw new Error(`${file}: missing columns ${missing.join(', ')}; start from rapport quarantine export`);
  const others = await wh.all<{ source: string }>(`SELECT DISTINCT source FROM ${fix} WHERE source IS DISTINCT FROM $1`, [source]);
  if (others.length > 0) throw new Error(`${file}: has rows of source ${others.map((o) => o.source).join(', ')}; import one source at a time (--source)`);
  await wh.run(createTableSql(channel));
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${fix}_stage AS
    SELECT f.location, CAST(f.record_no AS BIGINT) AS _record_no, q.raw_hash AS _hash,
           json_object(${fields.map((c) => `${literal(c)}, f.${ident(c)}`).join(', ')})::VARCHAR AS _raw, ${fields.map((c) => `f.${ident(c)}`).join(', ')}
    FROM ${fix} f JOIN quarantine q
      ON q.source = f.source AND q.location = f.location AND q.record_no = TRY_CAST(f.record_no AS BIGINT) AND q.raw_hash = f.raw_hash
     AND q.resolved_at IS NULL`); // only rows still open: a second import is a no-op
  const [{ all } = { all: 0 }] = await wh.all<{ all: number }>(`SELECT count(*) AS all FROM ${fix}`);
  return wh.transaction(async () => {
    await wh.run(`CREATE OR REPLACE TEMP TABLE ${fix}_checked AS ${checkedSql(channel, `${fix}_stage`)}`);
    const stillFailing = await wh.all<{ location: string; record_no: number; reason: string }>(
      `SELECT location, _record_no AS record_no, _reason AS reason FROM ${fix}_checked WHERE _reason IS NOT NULL ORDER BY 1, 2`);
    const locations = await wh.all<{ location: string }>(`SELECT DISTINCT location FROM ${fix}_checked WHERE _reason IS NULL ORDER BY 1`);
    let loaded = 0;
    let reloaded = 0;
    for (const { location } of locations) {
      const part = `${fix}_part`;
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${part} AS SELECT * FROM ${fix}_checked WHERE location = $1 AND _reason IS NULL`, [location]);
      loaded += await mergeValid(wh, channel, part, source, location, runId);
      const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${part}`);
      reloaded += n;
      await wh.run(`UPDATE quarantine SET resolved_at = now(), resolved_by = $1
        WHERE source = $2 AND location = $3 AND resolved_at IS NULL
          AND (record_no, raw_hash) IN (SELECT _record_no, _hash FROM ${part})`, [runId, source, location]);
      await wh.run(`DROP TABLE ${part}`);
    }
    const [{ matched } = { matched: 0 }] = await wh.all<{ matched: number }>(`SELECT count(*) AS matched FROM ${fix}_checked`);
    await wh.run(`DROP TABLE ${fix}; DROP TABLE ${fix}_stage; DROP TABLE ${fix}_checked`);
    return { reloaded, loaded, stillFailing, unmatched: all - matched };
  });
}
