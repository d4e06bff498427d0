// `rapport run <pipeline>`: runs a pipeline once (or resumes it from a step) and prints what it loaded, built and wrote.
import { commandConfig } from '../command-config.js';
import { loadPipeline, pipelineNames } from '../../pipelines/index.js';
import { executeRun } from '../../runner/execute-run.js';
import type { RunOutcome } from '../../runner/run-pipeline.js';
import { UsageError, type Command, type CommandIo } from '../command.js';
import { parseDay } from '../dates.js';
import { abortOnSignals } from '../interrupt.js';
import { createRunLog } from '../run-log.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline once (e.g. `rapport run daily`) and record it in pipeline_runs',
  help: `Usage: rapport run <pipeline> [--as-of YYYY-MM-DD] [--from-step STEP] [--rebuild | --full-refresh] [--config FILE] [--quiet] [--json]

Runs every step of the pipeline in dependency order. A failed step marks the steps that depend on it as
skipped; transient errors (network, a busy warehouse) are retried with backoff. The run, each step, each
attempt, row counts, warnings and errors are recorded (see rapport runs). Exits 1 when a step failed,
130 when interrupted (Ctrl-C / SIGTERM: the running step finishes or rolls back first).

Options:
  --as-of DATE       Compute analytics as of this date (exclusive). Default: the day after the latest order.
  --from-step STEP   Resume: re-run STEP and every step downstream of it, with the as-of of the pipeline's
                     last run (unless --as-of is given). The other steps are recorded as not re-run.
  --rebuild          Recompute identities and customer_360 from all loaded history instead of adding only
                     what was loaded since the last run (the result is the same; use it after changing data by
                     hand or to check). Sources are read as usual.
  --full-refresh     Read every source again from the beginning (ignoring cursors and loaded-file records;
                     rows merge on their keys, so nothing is duplicated), then rebuild as with --rebuild.
  --config FILE      Config file (default: rapport.config.ts in the current folder).
  --quiet            Print only the summary, not each step as it runs.
  --json             Print every event as one JSON object per line on stdout (for machines).

Pipelines: ${pipelineNames.join(', ')}, and any with a "module" in the config`,
  options: {
    'as-of': { type: 'string' },
    'from-step': { type: 'string' },
    rebuild: { type: 'boolean' },
    'full-refresh': { type: 'boolean' },
    config: { type: 'string' },
    quiet: { type: 'boolean' },
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
    const pipeline = await loadPipeline(name, loaded);
    const json = values.json === true;
    const log = createRunLog({
      json,
      tty: !json && process.stderr.isTTY === true,
      indent: json ? '' : '  ',
      write: json ? io.out : values.quiet ? () => {} : io.err,
      writeRaw: (t) => process.stderr.write(t),
    });
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
  const facts = Object.assign({}, ...outcome.steps.map((s) => s.result?.facts ?? {})) as Record<string, string | number>;
  if (facts.customers !== undefined) io.out(`  customers ${facts.customers}, segments ${facts.segments ?? 0}, as of ${facts.asOf}`);
  if (sum('rowsQuarantined') > 0) io.out(`  quarantined rows: SELECT * FROM quarantine (in the warehouse)`);
  for (const s of outcome.steps) {
    for (const out of s.result?.outputs ?? []) io.out(`  ${s.step} -> ${out}`);
    for (const w of s.result?.warnings ?? []) io.out(`  WARNING ${s.step}: ${w.message}`);
    if (s.status !== 'success' && !s.notSelected) io.out(`  ${s.step}: ${s.status}: ${s.error}`);
  }
  if (outcome.status !== 'success') io.out(`  details: rapport runs show ${outcome.runId}`);
}
