// `rapport schedule`: the long-running scheduler process, for a terminal or a service manager such as systemd.
import { commandConfig } from '../command-config.js';
import { configuredPipelineNames, loadPipeline } from '../../pipelines/index.js';
import { Scheduler } from '../../runner/scheduler.js';
import { UsageError, type Command } from '../command.js';
import { createRunLog } from '../run-log.js';

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Run every configured pipeline on its cron schedule until stopped (SIGINT/SIGTERM)',
  help: `Usage: rapport schedule [--config FILE] [--json]

Runs each pipeline listed under "pipelines" in the config on its "schedule" (node-cron syntax, 5 fields,
or 6 with seconds) in its "timezone", and logs the start and end of every run and step, one time-stamped
line each. Runs go one at a time; a trigger that finds its pipeline still running (here or in another
process) is skipped, logged and recorded as a skipped run. The warehouse is opened only while a run is
going, so other commands can use it in between (they wait while a run holds it).

At start-up, a pipeline whose last recorded run is older than its last scheduled time missed a run while no
scheduler was up: with "catchUp: 'once'" it runs once now (trigger catch-up), with 'skip' (default) it waits.

SIGINT or SIGTERM: no new runs; the running step finishes (or rolls back), the rest of the run is recorded
as interrupted, and the process exits 0. A second signal exits at once (130).

Options:
  --config FILE   Config file (default: rapport.config.ts in the current folder).
  --json          One JSON object per line instead of text (for log collectors).`,
  options: {
    config: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const loaded = await commandConfig(values, io);
    const names = configuredPipelineNames(loaded);
    if (names.length === 0) throw new UsageError(`${loaded.file} lists no pipelines: add one under "pipelines" with a "schedule"`);
    const pipelines = await Promise.all(names.map((n) => loadPipeline(n, loaded)));
    const log = createRunLog({ json: values.json === true, timestamps: true, showPipeline: true, write: io.out });
    const scheduler = new Scheduler({ loaded, pipelines, onEvent: log.event });
    let stopped!: () => void;
    const done = new Promise<void>((resolve) => (stopped = resolve));
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.err(`rapport: ${signal} again: exiting now; rapport runs shows the running run as interrupted once this process is gone`);
        process.exit(130);
      }
      stopping = true;
      void scheduler.stop(signal).then(stopped);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      log.event({ type: 'scheduler', level: 'info', message: `started (pid ${process.pid}), warehouse ${loaded.warehouse}` });
      await scheduler.start();
      await done;
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
