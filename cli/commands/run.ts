// `rapport run <pipeline>`: runs a pipeline once (or resumes it from a step) and prints what it loaded, built and wrote.
import { formatError } from '../../shared/rapport-error.js';
import { commandConfig } from '../command-config.js';
import { loadPipeline, pipelineNames } from '../../pipelines/index.js';
import { executeRun } from '../../runner/execute-run.js';
import type { RunOutcome } from '../../runner/run-pipeline.js';
import { UsageError, type Command, type CommandIo } from '../command.js';
import { parseDay } from '../dates.js';
import { abortOnSignals } from '../interrupt.js';
import { createRunLog } from '../run-log.js';
import { createStepLog } from '../step-log.js';
import { selectSteps } from '../step-selection.js';
import { foreignSourcesWarning, sourcesNotInConfig } from '../warehouse-sources.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline once (e.g. `rapport run daily`) and record it in pipeline_runs',
  help: `Usage: rapport run <pipeline> [--as-of YYYY-MM-DD] [--from-step STEP] [--select STEPS] [--exclude STEPS]
                      [--no-exports] [--no-report] [--rebuild | --full-refresh] [--config FILE] [--quiet|--verbose] [--json]

Runs every step of the pipeline in dependency order, two at a time where neither depends on the other
(pipelines.<name>.concurrency in the config). A failed step marks the steps that depend on it as
skipped; transient errors (network, a busy warehouse) are retried with backoff. The run, each step, each
attempt, row counts, warnings and errors are recorded (see rapport runs). Exits 1 when a step failed,
130 when interrupted (Ctrl-C / SIGTERM: the running steps finish or roll back first).

Options:
  --as-of DATE       Compute analytics as of this date (exclusive). Default: the day after the latest order.
  --from-step STEP   Resume: re-run STEP and every step downstream of it, with the as-of of the pipeline's
                     last run (unless --as-of is given). The other steps are recorded as not re-run.
  --select STEPS     Run only these steps (comma-separated or repeated): NAME, NAME+ (and every step that
                     depends on it), +NAME (and every step it depends on). The steps left out are taken as
                     built: their tables stay as the last run left them. E.g. --select rfm_segments+
  --exclude STEPS    Leave these steps out (same forms as --select).
  --no-exports       Leave out the segment export steps (export:...).
  --no-report        Leave out the report steps (report:...).
  --rebuild          Recompute identities and customer_360 from all loaded history instead of adding only
                     what was loaded since the last run, and search the CLV fits from scratch instead of starting
                     from the stored fit (the result is the same; use it after changing data by hand or to
                     check). Sources are read as usual.
  --full-refresh     Read every source again from the beginning (ignoring cursors and loaded-file records;
                     rows merge on their keys, so nothing is duplicated), then rebuild as with --rebuild.
  --config FILE      Config file (default: rapport.config.ts in the current folder).
  --quiet            Print only the summary, not each step as it runs.
  --verbose          Print each step's start, log lines and end as they happen, instead of one line per step.
  --json             Print every event as one JSON object per line on stdout (for machines).

Pipelines: ${pipelineNames.join(', ')}, and any with a "module" in the config`,
  options: {
    'as-of': { type: 'string' },
    'from-step': { type: 'string' },
    select: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'no-exports': { type: 'boolean' },
    'no-report': { type: 'boolean' },
    rebuild: { type: 'boolean' },
    'full-refresh': { type: 'boolean' },
    config: { type: 'string' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const name = positionals[0];
    if (!name) throw new UsageError(`which pipeline? expected one of: ${pipelineNames.join(', ')}`);
    const asOf = values['as-of'] === undefined ? undefined : parseDay('--as-of', values['as-of'] as string);
    const fromStep = values['from-step'] as string | undefined;
    const fullRefresh = values['full-refresh'] === true;
    const rebuild = values.rebuild === true;
    const loaded = await commandConfig(values, io);
    const pipeline = selectSteps(await loadPipeline(name, loaded), {
      select: values.select as string[] | undefined, exclude: values.exclude as string[] | undefined,
      noExports: values['no-exports'] === true, noReport: values['no-report'] === true,
    });
    const mixed = foreignSourcesWarning(loaded.warehouse, await sourcesNotInConfig(loaded));
    if (mixed) io.err(`rapport: ${mixed}`);
    const json = values.json === true;
    const tty = !json && process.stderr.isTTY === true;
    const writeRaw = (t: string) => process.stderr.write(t);
    const log = json || values.verbose || values.quiet
      ? createRunLog({ json, tty, indent: json ? '' : '  ', write: json ? io.out : values.quiet ? () => {} : io.err, writeRaw })
      : createStepLog({ total: pipeline.steps.length, tty, write: io.err, writeRaw });
    const controller = new AbortController();
    const dispose = abortOnSignals(controller, io.err);
    try {
      const outcome = await executeRun(pipeline, {
        loaded,
        trigger: 'manual',
        params: { ...(asOf ? { asOf } : {}), ...(fromStep ? { fromStep } : {}), ...(fullRefresh ? { fullRefresh } : {}), ...(rebuild ? { rebuild } : {}) },
        signal: controller.signal,
        onEvent: log.event,
        onWait: (m) => io.err(`rapport: ${m}`),
      });
      log.close();
      if (!json) printSummary(outcome, loaded.warehouse, io);
      return outcome.status === 'success' ? 0 : outcome.status === 'interrupted' ? 130 : 1;
    } finally {
      dispose();
    }
  },
};

function printSummary(outcome: RunOutcome, file: string, io: CommandIo): void {
  const step = (prefix: string) => outcome.steps.filter((s) => s.step.startsWith(prefix));
  const sum = (key: 'rowsIn' | 'rowsOut' | 'rowsQuarantined' | 'rowsDuplicate') =>
    step('extract:').reduce((n, s) => n + (s.result?.[key] ?? 0), 0);
  io.out(`run ${outcome.runId}: ${outcome.status}`);
  io.out(`  warehouse: ${file}`);
  io.out(`  rows read ${sum('rowsIn')}, loaded ${sum('rowsOut')}, quarantined ${sum('rowsQuarantined')}, duplicates merged ${sum('rowsDuplicate')}`);
  const forgotten = step('extract:').reduce((n, s) => n + Number(s.result?.facts?.forgotten ?? 0), 0);
  if (forgotten > 0) io.out(`  rows of forgotten people dropped ${forgotten} (privacy tombstones, docs/privacy.md)`);
  const facts = Object.assign({}, ...outcome.steps.map((s) => s.result?.facts ?? {})) as Record<string, string | number>;
  if (facts.customers !== undefined) io.out(`  customers ${facts.customers}, segments ${facts.segments ?? 0}, as of ${facts.asOf}`);
  if (sum('rowsQuarantined') > 0) io.out(`  quarantined rows: SELECT * FROM quarantine (in the warehouse)`);
  for (const s of outcome.steps) {
    for (const out of s.result?.outputs ?? []) io.out(`  ${s.step} -> ${out}`);
    for (const w of s.result?.warnings ?? []) io.out(`  WARNING ${s.step}: ${w.message}`);
    if (s.status !== 'success' && !s.notSelected) io.out(`  ${s.step}: ${s.status}: ${formatError(s.error ?? '', s.errorContext ?? {}).split('\n').join('\n    ')}`);
  }
  if (outcome.status !== 'success') io.out(`  details: rapport runs show ${outcome.runId}`);
}
