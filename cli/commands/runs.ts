// `rapport runs` and `rapport runs show <id>`: the run history, from a read-only open that waits while a run writes.
import { formatError } from '../../shared/rapport-error.js';
import { commandConfig } from '../command-config.js';
import { listRuns, showRun, type RunDetail, type RunRow } from '../../runner/run-history.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List recorded runs, or show one run\'s steps, attempts, warnings and errors',
  help: `Usage: rapport runs [--pipeline P] [--failed] [--limit N] [--json] [--config FILE]
       rapport runs show <run-id> [--json] [--config FILE]

Lists runs newest first: id, pipeline, trigger (manual, schedule, backfill, catch-up), status (success,
failed, skipped, interrupted), start (UTC), duration, as-of and error. "show" prints one run (an id or a
unique prefix of one): its parameters, every step with timings, rows in/out/quarantined, attempts and
error, each failed attempt, and warnings such as stale sources.

A run left "running" by a process that ended without finishing it (a crash, kill -9) shows as interrupted,
ended at its last recorded event: the recorded pid is gone, or no longer holds the pipeline's run lock.
The pipeline's next run records it so in the warehouse.

Opens the warehouse read-only; while a run holds it, waits (RAPPORT_WAREHOUSE_WAIT seconds, default 60).

Options:
  --pipeline P   Only runs of pipeline P.
  --failed       Only failed and interrupted runs.
  --limit N      At most N runs (default 20).
  --json         JSON instead of a table.
  --config FILE  Config file (default: rapport.config.ts in the current folder).`,
  options: {
    pipeline: { type: 'string' },
    failed: { type: 'boolean' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    config: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [sub, id] = positionals;
    if (sub !== undefined && sub !== 'show') throw new UsageError(`runs: unknown subcommand "${sub}" (expected "show <run-id>")`);
    if (sub === 'show' && !id) throw new UsageError('runs show: which run? give its id (see rapport runs)');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: expected a positive whole number, got "${String(values.limit)}"`);
    const loaded = await commandConfig(values, io);
    const wh = await openWarehouse(loaded.warehouse, { readOnly: true, onWait: (m) => io.err(`rapport: ${m}`) });
    try {
      if (id) {
        const detail = await showRun(wh, id);
        if (values.json) io.out(JSON.stringify(detail, null, 2));
        else printRun(detail, io);
        return 0;
      }
      const runs = await listRuns(wh, { ...(values.pipeline ? { pipeline: values.pipeline as string } : {}), failed: values.failed === true, limit });
      if (values.json) io.out(JSON.stringify(runs, null, 2));
      else printRuns(runs, io);
      return 0;
    } finally {
      wh.close();
    }
  },
};

const time = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '-');
const took = (a: Date | null, b: Date | null) => (a && b ? `${((b.getTime() - a.getTime()) / 1000).toFixed(1)} s` : '-');
const short = (s: string | null, n: number) => (!s ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

function table(rows: readonly (readonly string[])[], io: CommandIo): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function printRuns(runs: readonly RunRow[], io: CommandIo): void {
  if (runs.length === 0) return io.out('no runs recorded yet');
  table([
    ['run', 'pipeline', 'trigger', 'status', 'started (UTC)', 'took', 'as of', 'error'],
    ...runs.map((r) => [r.run_id, r.pipeline, r.trigger, r.status, time(r.started_at), took(r.started_at, r.ended_at), r.as_of ?? '-', short(r.error, 60)]),
  ], io);
}

function printRun({ run, steps, attempts, warnings }: RunDetail, io: CommandIo): void {
  io.out(`run ${run.run_id}: ${run.status}`);
  io.out(`  pipeline  ${run.pipeline} (trigger: ${run.trigger}${run.pid ? `, pid ${run.pid}` : ''})`);
  io.out(`  started   ${time(run.started_at)} UTC, ended ${time(run.ended_at)}, took ${took(run.started_at, run.ended_at)}`);
  io.out(`  as of     ${run.as_of ?? '-'}${run.resumed_from ? `   resumed from ${run.resumed_from}` : ''}`);
  io.out(`  params    ${run.params}`);
  if (run.error) io.out(`  error     ${run.error}`);
  if (steps.length > 0) {
    io.out('');
    const n = (v: number | null) => (v === null ? '-' : String(v));
    table([
      ['step', 'status', 'attempts', 'took', 'in', 'out', 'quarantined', 'error'],
      ...steps.map((s) => [s.step, s.status, String(s.attempts), took(s.started_at, s.ended_at), n(s.rows_in), n(s.rows_out), n(s.rows_quarantined), short(s.error, 200)]),
    ], io);
  }
  const failedSteps = steps.filter((s) => s.error_context !== null);
  if (failedSteps.length > 0) {
    io.out('\nwhere steps failed:');
    for (const s of failedSteps) io.out(`  ${s.step}: ${formatError(s.error ?? '', s.error_context ?? {}).split('\n').join('\n    ')}`);
  }
  const failedAttempts = attempts.filter((a) => a.status !== 'success');
  if (failedAttempts.length > 0) {
    io.out('\nfailed attempts:');
    for (const a of failedAttempts)
      io.out(`  ${a.step} #${a.attempt} ${a.status}${a.transient ? ' (transient, retried if attempts were left)' : ''} at ${time(a.started_at)}: ${a.error ?? ''}`);
  }
  if (warnings.length > 0) {
    io.out('\nwarnings:');
    for (const w of warnings) io.out(`  ${w.step}: ${w.kind}${w.subject ? ` (${w.subject})` : ''}: ${w.message}`);
  }
}
