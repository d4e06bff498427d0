// Reads and tidies the run history (`pipeline_runs`, `pipeline_steps`, attempts, warnings) for the CLI and the scheduler.
import type { ErrorContext } from '../shared/rapport-error.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RunTrigger } from './run-events.js';
import { isRunLive } from './run-liveness.js';

/** One row of `pipeline_runs`, with counts of its steps and warnings. */
export interface RunRow {
  readonly run_id: string;
  readonly pipeline: string;
  readonly trigger: string;
  readonly status: string;
  readonly started_at: Date;
  readonly ended_at: Date | null;
  readonly as_of: string | null;
  readonly resumed_from: string | null;
  readonly error: string | null;
  readonly params: string;
  readonly pid: number | null;
  readonly steps: number;
  readonly warnings: number;
  /** When the last thing of this run was recorded (its start, a step's start or end, an attempt, a warning). */
  readonly last_event_at: Date;
}

export interface StepRow {
  readonly step: string;
  readonly status: string;
  readonly started_at: Date | null;
  readonly ended_at: Date | null;
  readonly rows_in: number | null;
  readonly rows_out: number | null;
  readonly rows_quarantined: number | null;
  readonly rows_duplicate: number | null;
  readonly attempts: number;
  readonly error: string | null;
  readonly facts: string | null;
  /** Where a failed step failed (stage, runId, source, location, row: see shared/rapport-error.ts); NULL when it did not fail. */
  readonly error_context: ErrorContext | null;
}

export interface AttemptRow {
  readonly step: string;
  readonly attempt: number;
  readonly status: string;
  readonly transient: boolean | null;
  readonly started_at: Date;
  readonly ended_at: Date;
  readonly error: string | null;
}

export interface WarningRow {
  readonly step: string;
  readonly kind: string;
  readonly subject: string | null;
  readonly message: string;
}

/** A run with everything recorded under it. */
export interface RunDetail {
  readonly run: RunRow;
  readonly steps: readonly StepRow[];
  readonly attempts: readonly AttemptRow[];
  readonly warnings: readonly WarningRow[];
}

// The time of the last recorded event of run `r` (greatest() skips NULLs).
const LAST_EVENT = `greatest(r.started_at, r.ended_at,
  (SELECT max(greatest(s.started_at, s.ended_at)) FROM pipeline_steps s WHERE s.run_id = r.run_id),
  (SELECT max(greatest(a.started_at, a.ended_at)) FROM pipeline_step_attempts a WHERE a.run_id = r.run_id),
  (SELECT max(w.recorded_at) FROM pipeline_warnings w WHERE w.run_id = r.run_id))`;

const RUN_COLUMNS = `r.run_id, r.pipeline, r.trigger, r.status, r.started_at, r.ended_at, r.as_of, r.resumed_from, r.error, r.params, r.pid,
  (SELECT count(*) FROM pipeline_steps s WHERE s.run_id = r.run_id) AS steps,
  (SELECT count(*) FROM pipeline_warnings w WHERE w.run_id = r.run_id) AS warnings,
  ${LAST_EVENT} AS last_event_at`;

/** The error recorded (or shown) for a run whose process ended without finishing it. */
const abandoned = (pid: number | null, lastEvent: Date) =>
  `the process running it${pid ? ` (pid ${pid})` : ''} ended without finishing the run (crash or kill); its last recorded event was at ${lastEvent.toISOString()}`;

/**
 * `run` as it really stands: a `running` row whose process is gone (see `isRunLive`) shows as `interrupted`, ended
 * at its last recorded event. Only how it is shown: the row is marked for good by the pipeline's next run.
 */
export async function withLiveness(wh: Warehouse, run: RunRow): Promise<RunRow> {
  if (run.status !== 'running' || (await isRunLive(wh.path, run.pipeline, run.pid))) return run;
  return { ...run, status: 'interrupted', ended_at: run.last_event_at, error: abandoned(run.pid, run.last_event_at) };
}

/** Newest runs first. `failed` keeps failed and interrupted runs (those left `running` by a dead process included). */
export async function listRuns(wh: Warehouse, filter: { pipeline?: string; failed?: boolean; limit?: number } = {}): Promise<RunRow[]> {
  const rows = await wh.all<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM pipeline_runs r
     WHERE ($1::VARCHAR IS NULL OR r.pipeline = $1)
       AND (NOT $2 OR r.status IN ('failed', 'interrupted', 'running')) -- running ones are kept only if their process is gone
     ORDER BY r.started_at DESC, r.run_id DESC LIMIT $3`,
    [filter.pipeline ?? null, filter.failed ?? false, filter.limit ?? 20],
  );
  const settled = await Promise.all(rows.map((r) => withLiveness(wh, r)));
  return filter.failed ? settled.filter((r) => r.status !== 'running') : settled;
}

/**
 * The run `id` (or the only run whose id starts with it) with its steps in run order, attempts and warnings.
 * @throws Error when no run, or several runs, match.
 */
export async function showRun(wh: Warehouse, id: string): Promise<RunDetail> {
  const runs = await wh.all<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM pipeline_runs r WHERE r.run_id = $1 OR starts_with(r.run_id, $1) ORDER BY r.run_id = $1 DESC, r.started_at DESC LIMIT 3`,
    [id],
  );
  const found = runs[0]?.run_id === id ? runs[0] : runs.length === 1 ? runs[0] : undefined;
  if (!found) {
    throw new Error(runs.length === 0
      ? `no run "${id}" in the warehouse (list them with rapport runs)`
      : `"${id}" matches several runs (${runs.map((r) => r.run_id).join(', ')}, ...): give more of the id`);
  }
  const run = await withLiveness(wh, found);
  const recorded = (await wh.all<StepRow & { error_context: string | null }>(
    `SELECT step, status, started_at, ended_at, rows_in, rows_out, rows_quarantined, rows_duplicate, attempts, error, facts, error_context
     FROM pipeline_steps WHERE run_id = $1 ORDER BY started_at NULLS LAST, rowid`,
    [run.run_id],
  )).map((s): StepRow => ({ ...s, error_context: s.error_context === null ? null : (JSON.parse(s.error_context) as ErrorContext) }));
  const steps = run === found ? recorded : recorded.map((s) => (s.status === 'running' ? { ...s, status: 'interrupted', error: run.error } : s));
  const attempts = await wh.all<AttemptRow>(
    `SELECT step, attempt, status, transient, started_at, ended_at, error FROM pipeline_step_attempts WHERE run_id = $1 ORDER BY started_at, attempt`,
    [run.run_id],
  );
  const warnings = await wh.all<WarningRow>(`SELECT step, kind, subject, message FROM pipeline_warnings WHERE run_id = $1 ORDER BY recorded_at, rowid`, [run.run_id]);
  return { run, steps, attempts, warnings };
}

/** The newest run of `pipeline` that actually ran (not a skipped trigger), if any. */
export async function lastRun(wh: Warehouse, pipeline: string): Promise<RunRow | undefined> {
  const [row] = await wh.all<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM pipeline_runs r WHERE r.pipeline = $1 AND r.status <> 'skipped' ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1`,
    [pipeline],
  );
  return row;
}

/** When `pipeline` last started for current data (any trigger but backfill): what catch-up measures downtime from. */
export async function lastStartedAt(wh: Warehouse, pipeline: string): Promise<Date | undefined> {
  const [row] = await wh.all<{ t: Date | null }>(`SELECT max(started_at) AS t FROM pipeline_runs WHERE pipeline = $1 AND trigger <> 'backfill'`, [pipeline]);
  return row?.t ?? undefined;
}

/** The as-of dates `pipeline` has a successful run for, with the run that did it. */
export async function successfulAsOfs(wh: Warehouse, pipeline: string): Promise<Map<string, string>> {
  const rows = await wh.all<{ as_of: string; run_id: string }>(
    `SELECT as_of, max(run_id) AS run_id FROM pipeline_runs WHERE pipeline = $1 AND status = 'success' AND as_of IS NOT NULL GROUP BY as_of`,
    [pipeline],
  );
  return new Map(rows.map((r) => [r.as_of, r.run_id]));
}

/**
 * Marks `running` rows of `pipeline` left by a process that died (crash, `kill -9`) as `interrupted`. Only
 * called by a process holding the warehouse for writing, which no other live process can do meanwhile.
 * @returns the run ids it marked.
 */
export async function markAbandonedRuns(wh: Warehouse, pipeline: string, foundBy: string): Promise<string[]> {
  const rows = await wh.all<{ run_id: string; pid: number | null; last_event_at: Date }>(
    `SELECT r.run_id, r.pid, ${LAST_EVENT} AS last_event_at FROM pipeline_runs r WHERE r.pipeline = $1 AND r.status = 'running' AND (r.pid IS NULL OR r.pid <> $2)`,
    [pipeline, process.pid],
  );
  // Ended at the run's last recorded event, not now: the history shows when it stopped, not when that was noticed.
  for (const { run_id, pid, last_event_at } of rows) {
    const error = `${abandoned(pid, last_event_at)}; marked by run ${foundBy}`;
    await wh.run(`UPDATE pipeline_steps SET status = 'interrupted', ended_at = $3, error = $2 WHERE run_id = $1 AND status = 'running'`, [run_id, error, last_event_at]);
    await wh.run(`UPDATE pipeline_runs SET status = 'interrupted', ended_at = $3, error = $2 WHERE run_id = $1`, [run_id, error, last_event_at]);
  }
  return rows.map((r) => r.run_id);
}

/** Records a trigger that did not run (overlap, pipeline locked elsewhere) as a `skipped` run. */
export async function recordSkippedRun(
  wh: Warehouse,
  skip: { readonly runId: string; readonly pipeline: string; readonly trigger: RunTrigger; readonly at: Date; readonly reason: string },
): Promise<void> {
  await wh.run(
    `INSERT INTO pipeline_runs (run_id, pipeline, trigger, params, status, started_at, ended_at, error, pid) VALUES ($1, $2, $3, '{}', 'skipped', $4, $4, $5, $6)`,
    [skip.runId, skip.pipeline, skip.trigger, skip.at, skip.reason, process.pid],
  );
}
