// Stages a connector's batch in temporary warehouse tables: files through DuckDB's readers, rows through the appender.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Batch, FileStamp, LoadWarning, ObservedColumn, Reject, Source, TextRows } from '../sources/source.js';
import { laterCursor } from '../sources/incremental.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';
import { checkSchemaDrift, type DriftOutcome } from './schema-drift.js';
import { stageFile } from './stage-file.js';
import { absentWarnings, dropStage, mapToStage } from './stage-mapped.js';
import { dropStagedBefore, stagedMaxTime } from './staged-times.js';

/**
 * One batch staged in a temporary warehouse table or view. Either it holds raw text: `_record_no`, one VARCHAR
 * column per contract field, and `_src_row` into the table `<stage>_src` (see `mapToStage`), and the loader
 * validates it; or it is `checked`: the output of `checkedSelect` (typed contract fields, `_reason`, `_field`,
 * `_fields`, `_raw`) with `_record_no`, validated while it was read (`stageFile`). The loader merges it in one
 * transaction.
 */
export interface StagedBatch {
  readonly location: string;
  /** Temporary table holding the batch; the loader drops it and its `<stage>_src`. */
  readonly stage: string;
  /** Records that never reached the stage table; they go to quarantine. */
  readonly rejects: readonly Reject[];
  /** Content hash of a file; recorded so an unchanged file is not read again. */
  readonly fingerprint?: string;
  /** The file's size and modification time, recorded with the fingerprint. */
  readonly stamp?: FileStamp;
  /** The source's watermark once this batch is committed; moves in the same transaction as the rows. */
  readonly cursor?: string;
  /** The stage already holds checked rows (see above). */
  readonly checked?: boolean;
  /** Optional contract fields the batch had no column for: a merge keeps the values already stored for them. */
  readonly absent?: readonly string[];
  /** The source's columns to record in `source_schemas` with this batch's rows (schema-drift state). */
  readonly schema?: readonly ObservedColumn[];
  /** Recorded as run warnings when the batch commits. */
  readonly warnings?: readonly LoadWarning[];
}

/** What staging carries from one batch of a run to the next. */
export interface RunCursor {
  /** The cursor reached so far: the committed one at the start (none on a full refresh), then each batch's. */
  value: string | undefined;
}

/**
 * Stages batch number `n` of `source` as `stage_<source>_<n>`: reads its data, checks the source's columns for
 * drift (when the batch describes the schema), leaves out rows before `leaveOutBefore`, and works out the cursor
 * to commit with it. Nothing is committed here.
 * @throws Error naming the location when the data cannot be read, a required field has no column to come from,
 *   or the schema drifted under `onSchemaDrift: 'stop'`; the stage is dropped.
 */
export async function stageBatch(wh: Warehouse, source: Source, batch: Batch, n: number, runCursor: RunCursor, runId: string, log: (m: string) => void): Promise<StagedBatch> {
  const stage = `stage_${source.name}_${n}`.replace(/\W/g, '_');
  const { location } = batch;
  const describes = batch.describesSchema ?? true;
  const drift = { warehouse: wh, source: source.name, location, runId, policy: source.onSchemaDrift ?? 'evolve' };
  const checkDrift = (columns: readonly ObservedColumn[]) => checkSchemaDrift(drift, columns);
  const first = batch.firstRecordNo ?? 0;
  const mapping = batch.mapping ?? {};
  let rejects: Reject[] = [...(batch.rejects ?? [])];
  let absent: readonly string[];
  let outcome: DriftOutcome | undefined;
  let checked = true;
  try {
    if (batch.data.kind === 'rows') {
      // Without the connector's own column types, the columns are text (as they are staged).
      outcome = describes ? await checkDrift(batch.columns ?? batch.data.columns.map((name) => ({ name, type: 'VARCHAR' }))) : undefined;
      await appendRows(wh, `${stage}_src`, batch.data);
      absent = await mapToStage(wh, { src: `${stage}_src`, stage, channel: source.channel, mapping, location, firstRecordNo: first });
      checked = false;
    } else {
      const file = batch.data.kind === 'file' ? batch.data.path : await recordsFile(batch.data.records);
      try {
        const data = batch.data.kind === 'file' ? batch.data : { format: 'ndjson' as const };
        const found = await stageFile({
          warehouse: wh, file, format: data.format, csv: 'csv' in data ? data.csv : undefined, encoding: 'encoding' in data ? data.encoding : undefined,
          mapping, channel: source.channel, stage, firstRecordNo: first, onColumns: describes ? checkDrift : undefined,
        });
        rejects = [...rejects, ...found.rejects.map((r) => (first === 0 ? r : { ...r, recordNo: r.recordNo + first }))];
        absent = found.absent;
        outcome = found.drift;
      } finally {
        if (batch.data.kind === 'records') await rm(path.dirname(file), { recursive: true, force: true });
      }
    }
    let fingerprint = batch.fingerprint;
    if (batch.leaveOutBefore !== undefined) {
      const since = batch.leaveOutBefore;
      const skipped = await dropStagedBefore(wh, stage, source.channel.timeField, since);
      if (skipped > 0) {
        log(`source ${source.name}: ${location}: ${skipped} rows before ${since} left out (--since)`);
        fingerprint = undefined; // a file read only in part must not count as loaded, or the next normal run would skip its older rows
      }
    }
    let cursor = batch.cursor;
    if (batch.cursorFrom !== undefined) {
      runCursor.value = laterCursor(runCursor.value, await stagedMaxTime(wh, stage, batch.cursorFrom));
      if (!batch.holdCursor) cursor = runCursor.value;
    } else if (cursor !== undefined) runCursor.value = cursor;
    // Missing optional columns are said once, when the source's columns are first seen or change (a schema to
    // record), not on every load of a file or query that looks as it did.
    const newColumns = outcome === undefined || outcome.schema !== undefined;
    const warnings = describes ? [...(outcome?.warnings ?? []), ...(newColumns ? absentWarnings(source.name, location, absent) : [])] : [];
    return { location, stage, rejects, checked, fingerprint, stamp: fingerprint === undefined ? undefined : batch.stamp, cursor, absent, schema: outcome?.schema, warnings };
  } catch (error) {
    await dropStage(wh, stage);
    throw error;
  }
}

/** Bulk-appends text rows into a new temp table of VARCHAR columns named after the rows' columns. */
async function appendRows(wh: Warehouse, table: string, data: TextRows): Promise<void> {
  const names = data.columns;
  const dup = names.find((c, i) => names.indexOf(c) !== i);
  if (dup !== undefined) throw new Error(`the query returns column "${dup}" twice; give the columns distinct names`);
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} (${names.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
  await wh.appendRows(table, data.rows, { temp: true });
}

/** Writes records as an NDJSON file (one per line, so record n is line n) in a new temporary folder. */
async function recordsFile(records: readonly unknown[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-records-'));
  const file = path.join(dir, 'records.ndjson');
  await writeFile(file, records.map((r) => JSON.stringify(r) ?? 'null').join('\n') + '\n');
  return file;
}
