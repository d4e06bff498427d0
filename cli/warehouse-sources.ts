// Finds rows in the warehouse that came from sources the config no longer names (e.g. the sample, after pointing the
// bundled config at own data), so a run can say they are being mixed in.
import { existsSync } from 'node:fs';
import type { LoadedConfig } from '../config/load-config.js';
import { channels } from '../sources/contracts/index.js';
import { openWarehouse } from '../warehouse/warehouse.js';

/** Rows of one source the config does not name, in one channel table. */
export interface ForeignSource {
  readonly source: string;
  readonly table: string;
  readonly rows: number;
}

/**
 * The sources with rows in the warehouse's channel tables that `loaded.config.sources` does not name. Empty when the
 * warehouse does not exist yet or is busy (the check must never hold up or fail a run).
 */
export async function sourcesNotInConfig(loaded: LoadedConfig): Promise<ForeignSource[]> {
  if (loaded.warehouse === ':memory:' || !existsSync(loaded.warehouse)) return [];
  const wh = await openWarehouse(loaded.warehouse, { readOnly: true, waitMs: 0 }).catch(() => undefined);
  if (!wh) return [];
  try {
    const tables = new Set((await wh.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables`)).map((r) => r.t));
    const named = Object.keys(loaded.config.sources);
    const out: ForeignSource[] = [];
    for (const { table } of Object.values(channels)) {
      if (!tables.has(table)) continue;
      const notNamed = named.length === 0 ? 'true' : `_source NOT IN (${named.map((_, i) => `$${i + 1}`).join(', ')})`;
      const rows = await wh.all<{ source: string; rows: number }>(
        `SELECT _source AS source, count(*)::INTEGER AS rows FROM ${table} WHERE ${notNamed} GROUP BY 1 ORDER BY 1`, named);
      out.push(...rows.map((r) => ({ ...r, table })));
    }
    return out;
  } finally {
    wh.close();
  }
}

/** The warning `rapport run` prints before running, or undefined when every row comes from a named source. */
export function foreignSourcesWarning(file: string, foreign: readonly ForeignSource[]): string | undefined {
  if (foreign.length === 0) return undefined;
  const list = foreign.map((f) => `${f.source} (${f.rows.toLocaleString('en-US')} rows in ${f.table})`).join(', ');
  return `warning: the warehouse ${file} holds rows of sources this config does not name: ${list}. They still count in `
    + `customer_360, the segments and the reports. To start clean: rapport reset --yes (removes this warehouse), or set `
    + `"warehouse" in the config to a new file.`;
}
