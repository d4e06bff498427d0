// `rapport extract <source>`: extracts and loads one source from its cursor, a date, or from scratch.
import { commandConfig } from '../command-config.js';
import { readCursor } from '../../load/load.js';
import { extractPipeline } from '../../pipelines/extract.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { isoTime } from '../../sources/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';

export const extractCommand: Command = {
  name: 'extract',
  summary: 'Extract and load one source (e.g. `rapport extract orders`), from its cursor or --since a date',
  help: `Usage: rapport extract <source> [--full-refresh] [--since DATE] [--config FILE] [--quiet]

Reads the source from its cursor minus its lookback window, validates every row against the channel
contract, quarantines bad rows and merges good ones on their natural key. Each batch commits together with
the cursor it reaches, so an interrupted extract resumes where it stopped. Other sources are not touched.
Prints rows read = loaded + quarantined + duplicates merged, and the cursor before and after.

Options:
  --full-refresh   Ignore the cursor and file fingerprints and read everything again (rows are merged, not
                   duplicated; rows deleted upstream are not deleted here).
  --since DATE     Backfill: read from DATE (YYYY-MM-DD or ISO date-time) instead of the cursor. The cursor
                   never moves back.
  --config FILE    Config file (default: rapport.config.ts in the current folder).
  --quiet          Print only the summary.

Example: rapport extract orders --since 2026-01-01`,
  options: {
    'full-refresh': { type: 'boolean' },
    since: { type: 'string' },
    config: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const [name, ...extra] = positionals;
    if (!name) throw new UsageError('which source? e.g. rapport extract orders');
    if (extra.length > 0) throw new UsageError(`extract takes one source, got also: ${extra.join(' ')}`);
    const since = values.since as string | undefined;
    if (since !== undefined && isoTime(since) === undefined) throw new UsageError(`--since: expected YYYY-MM-DD or an ISO date-time, got "${since}"`);
    const fullRefresh = values['full-refresh'] === true;
    if (fullRefresh && since !== undefined) throw new UsageError('use --full-refresh or --since, not both');
    const loaded = await commandConfig(values, io);
    const pipeline = extractPipeline(loaded, name);
    const warehouse = await openWarehouse(loaded.warehouse);
    try {
      const before = await readCursor(warehouse, name);
      const outcome = await runPipeline(pipeline, {
        warehouse,
        loaded,
        params: { ...(fullRefresh ? { fullRefresh } : {}), ...(since !== undefined ? { since } : {}) },
        trigger: fullRefresh || since !== undefined ? 'backfill' : 'manual',
        log: values.quiet ? () => {} : (m) => io.err(`  ${m}`),
      });
      const step = outcome.steps[0];
      const r = step?.result ?? {};
      io.out(`extract ${name} (run ${outcome.runId}): ${outcome.status}`);
      io.out(`  rows read ${r.rowsIn ?? 0} = loaded ${r.rowsOut ?? 0} + quarantined ${r.rowsQuarantined ?? 0} + duplicates merged ${r.rowsDuplicate ?? 0}`);
      io.out(`  cursor ${before ?? '(none)'} -> ${(await readCursor(warehouse, name)) ?? '(none)'}`);
      if ((r.rowsQuarantined ?? 0) > 0) io.out(`  quarantined rows: rapport quarantine --source ${name}`);
      if (step?.status !== 'success') io.err(`rapport: ${step?.error ?? 'extract failed'}`);
      return outcome.status === 'success' ? 0 : 1;
    } finally {
      warehouse.close();
    }
  },
};
