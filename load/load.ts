// Validates staged batches against the channel contract and merges them into the channel table; bad rows go to quarantine.
import type { Channel } from '../sources/contracts/index.js';
import type { ExtractMode, Source, StagedBatch } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';
import { checkedSql, contractColumns, createTableSql } from '../sources/contracts/contract-sql.js';
import { quarantineRejects, quarantineStaged } from './quarantine.js';
import { dropStage } from '../sources/stage-mapped.js';

/** Row counts of one load. Always `read = loaded + quarantined + duplicate`. */
export interface LoadCounts {
  readonly read: number;
  /** Rows whose key was new to the channel table. */
  readonly loaded: number;
  readonly quarantined: number;
  /** Rows whose key was already present (or repeated within the batch): merged, not added. */
  readonly duplicate: number;
}

const zero: LoadCounts = Object.freeze({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });

export function addCounts(a: LoadCounts, b: LoadCounts): LoadCounts {
  return { read: a.read + b.read, loaded: a.loaded + b.loaded, quarantined: a.quarantined + b.quarantined, duplicate: a.duplicate + b.duplicate };
}

/**
 * Extracts every batch of `source` and loads each in its own transaction (rows, quarantine, file record and
 * cursor commit together, so a crash between batches loses nothing and duplicates nothing on re-run).
 * `mode` chooses where the source starts reading (its cursor by default); only this source's state changes.
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
): Promise<LoadCounts> {
  await warehouse.run(createTableSql(source.channel));
  let total = zero;
  const ctx = {
    warehouse,
    runId,
    log,
    mode,
    cursor: mode.fullRefresh ? undefined : await readCursor(warehouse, source.name),
    async alreadyLoaded(location: string, fingerprint: string) {
      if (mode.fullRefresh || mode.since !== undefined) return false; // a refresh or backfill re-reads on purpose
      const rows = await warehouse.all(
        'SELECT 1 FROM source_files WHERE source = $1 AND location = $2 AND fingerprint = $3',
        [source.name, location, fingerprint],
      );
      return rows.length > 0;
    },
  };
  const batches = source.extract(ctx)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<StagedBatch>;
    try {
      next = await batches.next();
    } catch (cause) {
      const message = (cause as Error).message;
      // Reading errors name the file, URL or table; the source name is added here, once.
      throw new Error(message.startsWith(`source ${source.name}:`) ? message : `source ${source.name}: ${message}`, { cause });
    }
    if (next.done) break;
    const batch = next.value;
    try {
      const counts = await loadBatch(warehouse, source.name, source.channel, batch, runId);
      total = addCounts(total, counts);
      onBatch(total);
      log(`source ${source.name}: committed ${batch.location}: read ${counts.read} = loaded ${counts.loaded} + quarantined ${counts.quarantined} + duplicates ${counts.duplicate}${batch.cursor === undefined ? '' : `, cursor ${batch.cursor}`}`);
    } catch (cause) {
      await batches.return?.(undefined); // lets the source clean up (temp files, open connections)
      throw new Error(`source ${source.name}: loading ${batch.location} failed: ${(cause as Error).message}`, { cause });
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

/** Loads one staged batch in one transaction. */
export async function loadBatch(
  wh: Warehouse,
  sourceName: string,
  channel: Channel,
  batch: StagedBatch,
  runId: string,
): Promise<LoadCounts> {
  const checked = `${batch.stage}_checked`;
  return wh.transaction(async () => {
    await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(checked)} AS ${checkedSql(channel, batch.stage)}`);
    await wh.run(`DROP TABLE ${ident(batch.stage)}`); // everything it held is in the checked table now
    const quarantined =
      (await quarantineRejects(wh, sourceName, batch.location, batch.rejects, runId)) +
      (await quarantineStaged(wh, sourceName, batch.location, checked, `${batch.stage}_src`, runId));
    await dropStage(wh, batch.stage);
    const [{ staged, good } = { staged: 0, good: 0 }] = await wh.all<{ staged: number; good: number }>(
      `SELECT count(*) AS staged, count(*) FILTER (WHERE _reason IS NULL) AS good FROM ${ident(checked)}`,
    );
    const fresh = await mergeValid(wh, channel, checked, sourceName, batch.location, runId);
    const counts: LoadCounts = { read: staged + batch.rejects.length, loaded: fresh, quarantined, duplicate: good - fresh };
    if (batch.fingerprint) {
      await wh.run(
        `INSERT OR REPLACE INTO source_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [sourceName, batch.location, batch.fingerprint, counts.read, counts.loaded, counts.quarantined, counts.duplicate, runId],
      );
    }
    if (batch.cursor !== undefined) {
      await wh.run(`INSERT OR REPLACE INTO source_state VALUES ($1, $2, $3, now())`, [sourceName, batch.cursor, runId]);
    }
    await wh.run(`DROP TABLE ${ident(checked)}`);
    return counts;
  });
}

/**
 * Merges the valid rows (`_reason IS NULL`) of a checked table (`checkedSql`: typed contract fields, `_record_no`)
 * into the channel table on its natural key, with lineage; the caller holds the transaction. Within the batch the
 * last occurrence of a key wins (exports list corrections after the original row). Returns how many keys were new.
 */
export async function mergeValid(wh: Warehouse, channel: Channel, checked: string, sourceName: string, location: string, runId: string): Promise<number> {
  const table = ident(channel.table);
  const keys = channel.key.map(ident).join(', ');
  const sameKey = (a: string, b: string) => channel.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(' AND ');
  const latest = ident(checked + '_latest');
  // Keys and their last record number only: narrower than deduplicating whole rows with a window.
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${latest} AS
    SELECT ${keys}, max(_record_no) AS _record_no FROM ${ident(checked)} WHERE _reason IS NULL GROUP BY ${keys}`);
  const [{ good, latest: distinct, existing } = { good: 0, latest: 0, existing: false }] = await wh.all<{ good: number; latest: number; existing: boolean }>(
    `SELECT (SELECT count(*) FROM ${ident(checked)} WHERE _reason IS NULL) AS good, (SELECT count(*) FROM ${latest}) AS latest,
            EXISTS (SELECT 1 FROM ${table}) AS existing`,
  );
  // No unique index on channel tables (it slows bulk loads and costs memory at scale): the single writer merges
  // by deleting the keys it is about to write, so the newest version of a row wins and none is doubled.
  let fresh = distinct;
  if (existing) {
    const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(
      `SELECT count(*) AS n FROM ${latest} t WHERE NOT EXISTS (SELECT 1 FROM ${table} x WHERE ${sameKey('x', 't')})`,
    );
    fresh = n;
    if (fresh < distinct) await wh.run(`DELETE FROM ${table} x WHERE EXISTS (SELECT 1 FROM ${latest} t WHERE ${sameKey('x', 't')})`);
  }
  const fields = contractColumns(channel).map((c) => ident(c.name)).join(', ');
  const lastOnly = good > distinct ? `AND (${keys}, _record_no) IN (SELECT ${keys}, _record_no FROM ${latest})` : '';
  await wh.run(
    `INSERT INTO ${table} (${fields}, _source, _location, _record_no, _run_id, _loaded_at)
     SELECT ${fields}, $1, $2, _record_no, $3, now()::TIMESTAMP FROM ${ident(checked)} c WHERE _reason IS NULL ${lastOnly}`,
    [sourceName, location, runId],
  );
  await wh.run(`DROP TABLE ${latest}`);
  return fresh;
}
