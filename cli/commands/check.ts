// `rapport check`: validates the config and reads every source through its contract into a throwaway in-memory
// warehouse, so a new config can be tried without loading anything: what would load, what would be quarantined and why.
import { commandConfig } from '../command-config.js';
import { extractAndLoad } from '../../load/load.js';
import { sourceFromConfig } from '../../sources/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

/** Lineage columns every channel table carries; the preview shows the contract fields only. */
const LINEAGE = ['_source', '_location', '_record_no', '_run_id', '_loaded_at'];

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate the config and read every source through its contract without loading anything',
  help: `Usage: rapport check [--source NAME] [--rows N] [--config FILE]

Validates the config (every bad key at once), then reads each source (its file, API or table) from the start,
maps and checks every row against its channel's contract, in a throwaway in-memory warehouse: the real
warehouse, cursors and quarantine are not touched. For each source it prints how many rows would load, be
quarantined or merged as duplicates, the most common quarantine reasons with an example location, and the
first parsed rows. Exits 1 when a source cannot be read (e.g. its mapping names a missing column), else 0.

Options:
  --source NAME    Check only this source.
  --rows N         Parsed rows to preview per source (default 3, 0 for none).
  --config FILE    Config file (default: rapport.config.ts in the current folder).

Example: rapport check --source orders --rows 5`,
  options: { source: { type: 'string' }, rows: { type: 'string' }, config: { type: 'string' } },
  async run({ values }, io) {
    const rows = values.rows === undefined ? 3 : Number(values.rows);
    if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--rows: expected a whole number, got "${String(values.rows)}"`);
    const loaded = await commandConfig(values, io);
    const names = Object.keys(loaded.config.sources);
    const only = values.source as string | undefined;
    if (only !== undefined && !names.includes(only)) throw new UsageError(`no source "${only}" in the config: expected one of ${names.join(', ') || '(none)'}`);
    io.out(`config ${loaded.file}: valid; sources: ${names.join(', ') || '(none)'}; pipelines: ${Object.keys(loaded.config.pipelines).join(', ') || '(none)'}`);
    const wh = await openWarehouse(':memory:');
    let failed = 0;
    try {
      for (const name of only ? [only] : names) {
        if (!(await checkSource(wh, name, loaded, rows, io))) failed++;
      }
    } finally {
      wh.close();
    }
    return failed > 0 ? 1 : 0;
  },
};

async function checkSource(wh: Warehouse, name: string, loaded: Awaited<ReturnType<typeof commandConfig>>, rows: number, io: CommandIo): Promise<boolean> {
  const config = loaded.config.sources[name]!;
  let counts;
  try {
    const source = sourceFromConfig(name, config, loaded.baseDir, io.env);
    counts = await extractAndLoad(wh, source, 'check', () => {}, { fullRefresh: true });
  } catch (error) {
    io.out(`source ${name} (${config.channel}): FAILED: ${(error as Error).message.split('\n').join('\n  ')}`);
    return false;
  }
  io.out(`source ${name} (${config.channel}): read ${counts.read} = would load ${counts.loaded} + quarantine ${counts.quarantined} + merge ${counts.duplicate} duplicates`);
  const reasons = await wh.all<{ reason: string; n: number; example: string }>(
    `SELECT reason, count(*)::INTEGER AS n, min(location || ' record ' || record_no) AS example
     FROM quarantine WHERE source = $1 GROUP BY reason ORDER BY n DESC, reason LIMIT 5`, [name]);
  for (const r of reasons) io.out(`  would quarantine ${r.n}: ${r.reason} (e.g. ${r.example})`);
  if (rows > 0 && counts.loaded > 0) {
    const table = (await wh.all<{ t: string }>(`SELECT DISTINCT table_name AS t FROM information_schema.columns WHERE column_name = '_source'`))
      .map((r) => r.t);
    for (const t of table) {
      const preview = await wh.all<Record<string, unknown>>(
        `SELECT * EXCLUDE (${LINEAGE.join(', ')}) FROM ${t} WHERE _source = $1 ORDER BY _record_no LIMIT ${rows}`, [name]);
      for (const row of preview) io.out(`  row: ${JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : v))}`);
    }
  }
  return true;
}
