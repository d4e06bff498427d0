// Stages each batch a source yields, validates it against the channel contract and merges it into the channel table; bad rows go to quarantine.
import type { Channel } from '../sources/contracts/index.js';
import type { Batch, ExtractContext, ExtractMode, FileStamp, LoadWarning, Source } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';
import { checkedSql, contractColumns, createTableSql } from '../sources/contracts/contract-sql.js';
import { quarantineRejects, quarantineStaged } from './quarantine.js';
import { stageBatch, type RunCursor, type StagedBatch } from './stage-batch.js';
import { dropStage } from './stage-mapped.js';
import { recordSchema } from './schema-drift.js';
import type { RowGate } from './row-gate.js';

/** Row counts of one load. Always `read = loaded + quarantined + duplicate (+ forgotten)`. */
export interface LoadCounts {
  readonly read: number;
  /** Rows whose key was new to the channel table. */
  readonly loaded: number;
  readonly quarantined: number;
  /** Rows whose key was already present (or repeated within the batch): merged, not added. */
  readonly duplicate: number;
  /** Rows a {@link RowGate} dropped (a forgotten person's, matched by tombstone); present only when some were. */
  readonly forgotten?: number;
}

const zero: LoadCounts = Object.freeze({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });

export function addCounts(a: LoadCounts, b: LoadCounts): LoadCounts {
  const forgotten = (a.forgotten ?? 0) + (b.forgotten ?? 0);
  return { read: a.read + b.read, loaded: a.loaded + b.loaded, quarantined: a.quarantined + b.quarantined, duplicate: a.duplicate + b.duplicate, ...(forgotten > 0 ? { forgotten } : {}) };
}

/**
 * Extracts every batch of `source`, stages it (`stageBatch`: the connector never touches the warehouse) and loads
 * each in its own transaction (rows, quarantine, file record, cursor and schema-drift state commit together, so a
 * crash between batches loses nothing and duplicates nothing on re-run). `mode` chooses where the source starts reading (its cursor by default); only this source's state changes.
 * Warnings of committed batches (schema drift accepted, a field with no column) are logged and told to `onWarning`.
 * @throws Error naming the source and location of the batch that failed; earlier batches stay committed.
 */
export async function extractAndLoad(
  warehouse: Warehouse,
  source: Source,
  runId: string,
  log: (message: string) => void = () => {},
  mode: ExtractMode = { fullRefresh: false },
  /** Told the running totals after each committed batch (for progress output). */
  onBatch: (total: LoadCounts) => void = () => {},
  onWarning: (warning: LoadWarning) => void = () => {},
  /** Drops rows before they are loaded (privacy tombstones); see {@link RowGate}. */
  gate?: RowGate,
): Promise<LoadCounts> {
  await warehouse.run(createTableSql(source.channel));
  let total = zero;
  const ctx: ExtractContext = {
    runId,
    log,
    mode,
    cursor: mode.fullRefresh ? undefined : await readCursor(warehouse, source.name),
    async alreadyLoaded(location: string, fingerprint: string, stamp?: FileStamp) {
      if (mode.fullRefresh || mode.since !== undefined) return false; // a refresh or backfill re-reads on purpose
      const rows = await warehouse.all(
        'SELECT 1 FROM source_files WHERE source = $1 AND location = $2 AND fingerprint = $3',
        [source.name, location, fingerprint],
      );
      if (rows.length > 0 && stamp) { // touched but the same bytes: remember the new stamp, so the next run need not hash it
        await warehouse.run('UPDATE source_files SET size = $4, modified_ms = $5 WHERE source = $1 AND location = $2 AND fingerprint = $3',
          [source.name, location, fingerprint, stamp.size, stamp.modifiedMs]);
      }
      return rows.length > 0;
    },
    async untouched(location: string, stamp: FileStamp) {
      if (mode.fullRefresh || mode.since !== undefined) return false;
      const rows = await warehouse.all(
        'SELECT 1 FROM source_files WHERE source = $1 AND location = $2 AND size = $3 AND modified_ms = $4',
        [source.name, location, stamp.size, stamp.modifiedMs],
      );
      return rows.length > 0;
    },
  };
  const runCursor: RunCursor = { value: ctx.cursor };
  const batches = source.extract(ctx)[Symbol.asyncIterator]();
  // Reading errors name the file, URL or table; the source name is added here, once.
  const readFailed = (cause: unknown) => {
    const message = (cause as Error).message;
    return new Error(message.startsWith(`source ${source.name}:`) ? message : `source ${source.name}: ${message}`, { cause });
  };
  for (let n = 0; ; n++) {
    let next: IteratorResult<Batch>;
    try {
      next = await batches.next();
    } catch (cause) {
      throw readFailed(cause);
    }
    if (next.done) break;
    let batch: StagedBatch;
    try {
      batch = await stageBatch(warehouse, source, next.value, n, runCursor, runId, log);
    } catch (cause) {
      await batches.return?.(undefined); // lets the source clean up (temp files, open connections)
      throw readFailed(cause);
    }
    try {
      const counts = await loadBatch(warehouse, source.name, source.channel, batch, runId, source.quarantineLimit, gate);
      total = addCounts(total, counts);
      onBatch(total);
      for (const warning of batch.warnings ?? []) {
        log(warning.message);
        onWarning(warning);
      }
      log(`source ${source.name}: committed ${batch.location}: read ${counts.read} = loaded ${counts.loaded} + quarantined ${counts.quarantined} + duplicates ${counts.duplicate}${counts.forgotten ? ` + forgotten ${counts.forgotten}` : ''}${batch.cursor === undefined ? '' : `, cursor ${batch.cursor}`}`);
    } catch (cause) {
      await batches.return?.(undefined);
      const message = (cause as Error).message;
      throw new Error(`source ${source.name}: ${message.startsWith(batch.location) ? message : `loading ${batch.location} failed: ${message}`}`, { cause });
    } finally {
      await dropStage(warehouse, batch.stage);
    }
  }
  return total;
}

/** The committed cursor of a source, or undefined when it has none yet. */
export async function readCursor(wh: Warehouse, source: string): Promise<string | undefined> {
  const [row] = await wh.all<{ cursor: string | null }>('SELECT cursor FROM source_state WHERE source = $1', [source]);
  return row?.cursor ?? undefined;
}

/** The default `quarantineLimit`: a batch more than half quarantined fails. */
export const defaultQuarantineLimit = 0.5;

/**
 * Loads one staged batch in one transaction: checks it (unless it was checked while read), quarantines the bad
 * rows, merges the good ones, and records the file, cursor and schema.
 * @throws Error (the transaction rolled back: nothing loaded, cursor unchanged) when more than `quarantineLimit`
 *   of the batch's records would be quarantined, naming the commonest reasons.
 */
export async function loadBatch(
  wh: Warehouse,
  sourceName: string,
  channel: Channel,
  batch: StagedBatch,
  runId: string,
  quarantineLimit = defaultQuarantineLimit,
  gate?: RowGate,
): Promise<LoadCounts> {
  const checked = batch.checked ? batch.stage : `${batch.stage}_checked`;
  return wh.transaction(async () => {
    if (!batch.checked) {
      await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(checked)} AS ${checkedSql(channel, batch.stage)}`);
      await wh.run(`DROP TABLE ${ident(batch.stage)}`); // everything it held is in the checked table now
    }
    // The gate drops rows before anything counts them: a forgotten person's rows are neither loaded nor quarantined.
    const gated = gate ? await gate(wh, channel, batch.checked ? `${batch.stage}_src` : checked, batch.rejects) : undefined;
    if (gated) batch = { ...batch, rejects: gated.rejects };
    // A checked stage is a view adding `_record_no` to its table: what does not need the number reads the table.
    const base = batch.checked ? `${batch.stage}_src` : checked;
    const [{ staged, good } = { staged: 0, good: 0 }] = await wh.all<{ staged: number; good: number }>(
      `SELECT count(*) AS staged, count(*) FILTER (WHERE _reason IS NULL) AS good FROM ${ident(base)}`,
    );
    const read = staged + batch.rejects.length; // rows the gate dropped are counted apart, as forgotten
    if (read > 0 && (read - good) / read > quarantineLimit) throw await tooManyBad(wh, base, batch, read, read - good, quarantineLimit);
    const quarantined =
      (await quarantineRejects(wh, sourceName, batch.location, batch.rejects, runId)) +
      (await quarantineStaged(wh, sourceName, batch.location, checked, `${batch.stage}_src`, runId));
    if (!batch.checked) await dropStage(wh, batch.stage);
    const fresh = await mergeValid(wh, channel, checked, sourceName, batch.location, runId, { keep: batch.absent, base });
    const forgotten = gated?.dropped ?? 0;
    const counts: LoadCounts = { read: read + forgotten, loaded: fresh, quarantined, duplicate: good - fresh, ...(forgotten > 0 ? { forgotten } : {}) };
    if (batch.fingerprint) {
      await wh.run(
        `INSERT OR REPLACE INTO source_files (source, location, fingerprint, rows_read, rows_loaded, rows_quarantined, rows_duplicate,
           run_id, loaded_at, size, modified_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10)`,
        [sourceName, batch.location, batch.fingerprint, counts.read, counts.loaded, counts.quarantined, counts.duplicate, runId,
          batch.stamp?.size ?? null, batch.stamp?.modifiedMs ?? null],
      );
    }
    if (batch.cursor !== undefined) {
      await wh.run(`INSERT OR REPLACE INTO source_state VALUES ($1, $2, $3, now())`, [sourceName, batch.cursor, runId]);
    }
    if (batch.schema) await recordSchema(wh, sourceName, batch.schema, batch.location, runId);
    if (!batch.checked) await wh.run(`DROP TABLE ${ident(checked)}`);
    return counts;
  });
}

/** The error for a batch over its quarantine limit: how many, the limit, and the three commonest reasons. */
async function tooManyBad(wh: Warehouse, checked: string, batch: StagedBatch, read: number, bad: number, limit: number): Promise<Error> {
  const reasons = new Map<string, number>();
  for (const r of batch.rejects) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const staged = await wh.all<{ reason: string; n: number }>(
    `SELECT _reason AS reason, count(*) AS n FROM ${ident(checked)} WHERE _reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3`);
  for (const r of staged) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + Number(r.n));
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([reason, n]) => `${n} x ${reason}`);
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return new Error(`${batch.location}: ${bad} of ${read} records (${pct(bad / read)}) fail the contract, more than the source's quarantineLimit of ${pct(limit)}; ` +
    `nothing was loaded from it and the cursor did not move (is it the right file, format and mapping?). Commonest reasons: ${top.join('; ')}`);
}

/** Options of {@link mergeValid}. */
export interface MergeOptions {
  /** Fields the batch had no column for: a replaced key keeps its stored value there instead of NULL. */
  readonly keep?: readonly string[];
  /** The same rows without `_record_no` when that is cheaper to scan (a checked stage's table under its view). */
  readonly base?: string;
}

/**
 * Merges the valid rows (`_reason IS NULL`) of a checked table or view (`checkedSql`: typed contract fields,
 * `_record_no`) into the channel table on its natural key, with lineage (`_source`, `_location`, `_record_no`,
 * `_run_id`, `_loaded_at`: set anew on every row written, a replaced key included); the caller holds the
 * transaction. Within the batch the last occurrence of a key wins (exports list corrections after the original
 * row). Returns how many keys were new.
 */
export async function mergeValid(
  wh: Warehouse, channel: Channel, checked: string, sourceName: string, location: string, runId: string, opts: MergeOptions = {},
): Promise<number> {
  const table = ident(channel.table);
  const keys = channel.key.map(ident).join(', ');
  const sameKey = (a: string, b: string) => channel.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(' AND ');
  const good = (from: string) => `(SELECT * FROM ${ident(from)} WHERE _reason IS NULL)`;
  const [dups, latest, kept] = ['_dups', '_latest', '_kept'].map((x) => ident(checked + x)) as [string, string, string];
  // Keys repeated within the batch, with their counts: one aggregation gives both them (few, usually none) and
  // the number of distinct keys, without materialising a row per key.
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${dups} AS SELECT ${keys}, count(*) AS n FROM ${good(opts.base ?? checked)} GROUP BY ${keys} HAVING count(*) > 1`);
  const [{ n, repeats, existing } = { n: 0, repeats: 0, existing: false }] = await wh.all<{ n: number; repeats: number; existing: boolean }>(
    `SELECT (SELECT count(*) FROM ${good(opts.base ?? checked)}) AS n, (SELECT coalesce(sum(n - 1), 0) FROM ${dups}) AS repeats,
            EXISTS (SELECT 1 FROM ${table}) AS existing`,
  );
  const distinct = n - Number(repeats);
  if (n > distinct) {
    // Only the last record of a repeated key is written.
    await wh.run(`CREATE OR REPLACE TEMP TABLE ${latest} AS
      SELECT ${channel.key.map((k) => `c.${ident(k)}`).join(', ')}, max(c._record_no) AS _record_no FROM ${good(checked)} c JOIN ${dups} d ON ${sameKey('c', 'd')} GROUP BY ALL`);
  }
  let fresh = distinct;
  const keepCols = (opts.keep ?? []).map(ident);
  if (existing && n > 0) {
    const batchKeys = `(SELECT DISTINCT ${keys} FROM ${good(opts.base ?? checked)})`;
    const [{ replaced } = { replaced: 0 }] = await wh.all<{ replaced: number }>(
      `SELECT count(*) AS replaced FROM ${batchKeys} t WHERE EXISTS (SELECT 1 FROM ${table} x WHERE ${sameKey('x', 't')})`,
    );
    fresh = distinct - replaced;
    if (replaced > 0) {
      // A column the batch did not have must not wipe what is stored: keep those values of the keys replaced.
      if (keepCols.length > 0) {
        await wh.run(`CREATE OR REPLACE TEMP TABLE ${kept} AS
          SELECT ${keys}, ${keepCols.join(', ')} FROM ${table} x WHERE EXISTS (SELECT 1 FROM ${batchKeys} t WHERE ${sameKey('x', 't')})`);
      }
      // No unique index on channel tables (it slows bulk loads and costs memory at scale): the single writer merges
      // by deleting the keys it is about to write, so the newest version of a row wins and none is doubled.
      // This is the one place where replaced rows leave the channel table.
      await wh.run(`DELETE FROM ${table} x WHERE EXISTS (SELECT 1 FROM ${batchKeys} t WHERE ${sameKey('x', 't')})`);
    }
  }
  const keeping = fresh < distinct && keepCols.length > 0;
  const fields = contractColumns(channel).map((c) => {
    const col = ident(c.name);
    return keeping && opts.keep!.includes(c.name) ? `coalesce(c.${col}, k.${col})` : `c.${col}`;
  });
  const joins = [
    ...(keeping ? [`LEFT JOIN ${kept} k ON ${sameKey('k', 'c')}`] : []),
    ...(n > distinct ? [`LEFT JOIN ${latest} l ON ${sameKey('l', 'c')}`] : []),
  ];
  await wh.run(
    `INSERT INTO ${table} (${contractColumns(channel).map((c) => ident(c.name)).join(', ')}, _source, _location, _record_no, _run_id, _loaded_at)
     SELECT ${fields.join(', ')}, $1, $2, c._record_no, $3, now()::TIMESTAMP
     FROM ${ident(checked)} c ${joins.join(' ')} WHERE c._reason IS NULL ${n > distinct ? 'AND (l._record_no IS NULL OR l._record_no = c._record_no)' : ''}`,
    [sourceName, location, runId],
  );
  await wh.run(`DROP TABLE IF EXISTS ${dups}; DROP TABLE IF EXISTS ${latest}; DROP TABLE IF EXISTS ${kept}`);
  return fresh;
}
