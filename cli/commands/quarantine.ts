// `rapport quarantine`: lists quarantined rows, exports them for correction and re-loads the corrected file.
import { commandConfig } from '../command-config.js';
import path from 'node:path';
import { exportQuarantine, importCorrections, listQuarantine } from '../../load/corrections.js';
import { channelByName } from '../../sources/contracts/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';

export const quarantineCommand: Command = {
  name: 'quarantine',
  summary: 'List quarantined rows; export them to CSV for correction and import the corrected file',
  help: `Usage: rapport quarantine [list] [--source S] [--limit N] [--all] [--config FILE]
       rapport quarantine export --source S --out FILE.csv [--config FILE]
       rapport quarantine import FILE.csv --source S [--config FILE]

list     Open quarantined rows, newest first: source, location, record number, the reason (each failing field
         with what was expected) and the raw record. --all includes rows already re-loaded.
export   Writes the open rows of one source as CSV: source, location, record_no, raw_hash (the row's key),
         reason, raw, then one column per contract field with the value as read. Fix the field columns
         (leave the key columns alone) and import the file.
import   Validates each corrected row against the channel contract. Rows that pass are merged into the
         channel table (with their original location and record number) and marked resolved in quarantine,
         in one transaction; rows that still fail stay open and are listed with the new reason. Importing the
         same file again changes nothing.

Options:
  --source S     Only this source (required for export and import).
  --limit N      At most N rows (list; default 50).
  --all          Include resolved rows (list).
  --out FILE     Where export writes.
  --config FILE  Config file (default: rapport.config.ts in the current folder).`,
  options: {
    source: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
    out: { type: 'string' },
    config: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [action = 'list', arg] = positionals;
    if (!['list', 'export', 'import'].includes(action)) throw new UsageError(`unknown action "${action}": expected list, export or import`);
    const source = values.source as string | undefined;
    const loaded = await commandConfig(values, io);
    const channelOf = (name: string | undefined) => {
      if (!name) throw new UsageError(`quarantine ${action} needs --source (one of ${Object.keys(loaded.config.sources).join(', ')})`);
      const config = loaded.config.sources[name];
      if (!config) throw new UsageError(`unknown source "${name}": expected one of ${Object.keys(loaded.config.sources).join(', ')}`);
      return channelByName(config.channel);
    };
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit: expected a whole number, got "${values.limit as string}"`);
    const out = values.out as string | undefined;
    if (action === 'export' && !out) throw new UsageError('quarantine export needs --out FILE.csv');
    if (action === 'import' && !arg) throw new UsageError('quarantine import needs the corrected CSV file: rapport quarantine import FILE.csv --source S');
    const channel = action === 'list' ? undefined : channelOf(source);
    const warehouse = await openWarehouse(loaded.warehouse);
    try {
      if (action === 'export') {
        const file = path.resolve(io.cwd, out!);
        const n = await exportQuarantine(warehouse, source!, channel!, file);
        io.out(`exported ${n} open quarantined rows of ${source} to ${file}`);
        io.out(`fix the field columns, then: rapport quarantine import ${out} --source ${source}`);
        return 0;
      }
      if (action === 'import') {
        const runId = `quarantine-import-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}`;
        const r = await importCorrections(warehouse, source!, channel!, path.resolve(io.cwd, arg!), runId);
        io.out(`re-loaded ${r.reloaded} rows of ${source} (${r.loaded} new keys, ${r.reloaded - r.loaded} merged); ${r.stillFailing.length} still failing; ${r.unmatched} not open in quarantine`);
        for (const f of r.stillFailing) io.out(`  still failing: ${f.location} record ${f.record_no}: ${f.reason}`);
        return r.stillFailing.length > 0 ? 1 : 0;
      }
      if (source !== undefined) channelOf(source);
      const { rows, total } = await listQuarantine(warehouse, { source, limit, all: values.all === true });
      for (const r of rows) {
        const state = r.resolved_at ? ' [resolved]' : '';
        io.out(`${r.source}  ${r.location}:${r.record_no}${state}  ${clip(r.reason, 100)}`); // the reason already starts with each failing field's name
        io.out(`    raw: ${clip(r.raw, 120)}`);
      }
      io.out(`${total} ${values.all ? '' : 'open '}quarantined rows${source ? ` of ${source}` : ''}${total > rows.length ? ` (showing ${rows.length}; --limit N for more)` : ''}`);
      return 0;
    } finally {
      warehouse.close();
    }
  },
};

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
