// `rapport reset --yes`: removes the config's warehouse file so the next run starts clean (e.g. after switching the
// bundled config from the sample to own data).
import { existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { commandConfig } from '../command-config.js';
import { configuredPipelineNames, pipelineNames } from '../../pipelines/index.js';
import { acquireRunLock, type RunLock } from '../../warehouse/run-lock.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';

export const resetCommand: Command = {
  name: 'reset',
  summary: 'Remove the config\'s warehouse (every loaded row, table and run record) to start clean; needs --yes',
  help: `Usage: rapport reset --yes [--config FILE]

Removes the warehouse file the config names ("warehouse", or RAPPORT_WAREHOUSE): every loaded row, every table
built from them, the quarantine and the run history. The next rapport run starts from an empty warehouse and
reads every source again. Source files, segment exports and reports are left alone.
Without --yes it only says what it would remove. It refuses while a pipeline runs or another process has the
warehouse open. The file is either removed whole or left as it was.

Options:
  --yes            Really remove it.
  --config FILE    Config file (default: rapport.config.ts in the current folder).

Example: rapport reset --yes`,
  options: { yes: { type: 'boolean' }, config: { type: 'string' } },
  async run({ values }, io) {
    const loaded = await commandConfig(values, io);
    const file = loaded.warehouse;
    if (file === ':memory:' || !existsSync(file)) {
      io.out(`nothing to remove: ${file} does not exist`);
      return 0;
    }
    if (values.yes !== true) {
      const size = (await stat(file)).size;
      throw new UsageError(`this would remove the warehouse ${file} (${(size / 1e6).toFixed(1)} MB) with every row and run record in it; add --yes to do it`);
    }
    // Hold every pipeline's run lock, so no run starts while the file goes away.
    const locks: RunLock[] = [];
    try {
      for (const name of new Set([...pipelineNames, ...configuredPipelineNames(loaded)])) locks.push(await acquireRunLock(file, name));
      // Open it once for writing: fails at once if another process has it open; closing checkpoints the WAL into the file.
      const wh = await openWarehouse(file, { waitMs: 0 });
      await wh.run('CHECKPOINT');
      wh.close();
      // A stale WAL beside a new warehouse would be replayed into it: remove it first, then the file in one rename.
      await rm(`${file}.wal`, { force: true });
      const removing = `${file}.removing-${process.pid}`;
      await rename(file, removing);
      await rm(removing, { force: true });
    } finally {
      for (const lock of locks) lock.release();
    }
    io.out(`removed ${file}; the next rapport run starts from an empty warehouse`);
    return 0;
  },
};
