// `rapport run <pipeline>`: runs a pipeline once and prints what it loaded, built and wrote.
import { loadConfig } from '../../config/load-config.js';
import { pipelineByName, pipelineNames } from '../../pipelines/index.js';
import { runPipeline, type RunOutcome } from '../../runner/run-pipeline.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline once (e.g. `rapport run daily`) and record it in pipeline_runs',
  help: `Usage: rapport run <pipeline> [--as-of YYYY-MM-DD] [--config FILE]

Runs every step of the pipeline in dependency order. A failed step marks the steps that depend on it as
skipped; the run, each step, its row counts and any error are recorded in the pipeline_runs and
pipeline_steps tables. Exits 1 when any step failed.

Options:
  --as-of DATE     Compute analytics as of this date (exclusive). Default: the day after the latest order.
  --config FILE    Config file (default: rapport.config.ts in the current folder).
  --quiet          Print only the summary, not each step as it runs.

Pipelines: ${pipelineNames.join(', ')}`,
  options: {
    'as-of': { type: 'string' },
    config: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const name = positionals[0];
    if (!name) throw new UsageError(`which pipeline? expected one of: ${pipelineNames.join(', ')}`);
    const loaded = await loadConfig((values.config as string | undefined) ?? 'rapport.config.ts', io.env);
    const pipeline = pipelineByName(name, loaded);
    const warehouse = await openWarehouse(loaded.warehouse);
    try {
      const outcome = await runPipeline(pipeline, {
        warehouse,
        loaded,
        params: values['as-of'] ? { asOf: values['as-of'] as string } : {},
        log: values.quiet ? () => {} : (m) => io.err(`  ${m}`),
      });
      await printSummary(outcome, warehouse, loaded.warehouse, io);
      return outcome.status === 'success' ? 0 : 1;
    } finally {
      warehouse.close();
    }
  },
};

async function printSummary(outcome: RunOutcome, wh: Warehouse, file: string, io: CommandIo): Promise<void> {
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
    if (s.status !== 'success') io.out(`  ${s.step}: ${s.status}: ${s.error}`);
  }
  void wh;
}
