// `rapport backfill <pipeline> --from DATE --to DATE`: one run per day as of that day, skipping days already done.
import { commandConfig } from '../command-config.js';
import { loadPipeline, pipelineNames } from '../../pipelines/index.js';
import { backfill } from '../../runner/backfill.js';
import { UsageError, type Command } from '../command.js';
import { parseDay } from '../dates.js';
import { abortOnSignals } from '../interrupt.js';
import { createRunLog } from '../run-log.js';

export const backfillCommand: Command = {
  name: 'backfill',
  summary: 'Run a pipeline as of each day of a date range, skipping days that already succeeded',
  help: `Usage: rapport backfill <pipeline> --from YYYY-MM-DD --to YYYY-MM-DD [--with-outputs] [--config FILE] [--quiet] [--json]

Runs the pipeline once per day from --from to --to (both included), oldest first, with that day as the
as-of date; each run is recorded with trigger "backfill". A day that already has a successful run for that
as-of is skipped. Stops at the first day that fails or is interrupted; run the same command again to carry
on. Exits 0 when every day is done, 1 when a day failed, 130 when interrupted.

Backfill fills history (rfm_history, segment_transitions, ...): it skips the export and report steps, so the
segment exports and the KPI report stay those of the latest as-of. When the pipeline already ran for a later
as-of than --to, one last run rebuilds the current tables (what rapport segments shows) as of that latest date.

Options:
  --from DATE     First as-of day.
  --to DATE       Last as-of day.
  --with-outputs  Also run the export and report steps for each day (they then hold the last day's data).
  --config FILE   Config file (default: rapport.config.ts in the current folder).
  --quiet         Print only one line per day.
  --json          Print every event, and one {"type":"day"} object per day, as JSON lines on stdout.`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    'with-outputs': { type: 'boolean' },
    config: { type: 'string' },
    quiet: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const name = positionals[0];
    if (!name) throw new UsageError(`which pipeline? expected one of: ${pipelineNames.join(', ')}`);
    if (!values.from || !values.to) throw new UsageError('backfill needs --from and --to (YYYY-MM-DD)');
    const from = parseDay('--from', values.from as string);
    const to = parseDay('--to', values.to as string);
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const loaded = await commandConfig(values, io);
    const pipeline = await loadPipeline(name, loaded);
    const json = values.json === true;
    const log = createRunLog({
      json, tty: !json && process.stderr.isTTY === true, indent: '  ',
      write: json ? io.out : values.quiet ? () => {} : io.err, writeRaw: (t) => process.stderr.write(t),
    });
    const controller = new AbortController();
    const dispose = abortOnSignals(controller, io.err);
    try {
      const days = await backfill(pipeline, { from, to }, {
        loaded, signal: controller.signal, withOutputs: values['with-outputs'] === true, onEvent: log.event, onWait: (m) => io.err(`rapport: ${m}`),
        onDay: (d) => {
          log.close();
          if (json) io.out(JSON.stringify({ type: 'day', ...d }));
          else io.out(`${d.day}: ${d.status === 'done-before' ? `already done by run ${d.runId}` : d.status === 'not-run' ? 'not run' : `${d.status} (run ${d.runId})`}`
            + ('current' in d ? ': current tables rebuilt as of the latest as-of' : ''));
        },
      });
      if (days.some((d) => d.status === 'interrupted')) return 130;
      return days.every((d) => d.status === 'success' || d.status === 'done-before') ? 0 : 1;
    } finally {
      dispose();
    }
  },
};
