// Measures how old each source's newest loaded row is, against the maximum age the pipeline allows.
import type { Channel } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';

/** The freshness of one source. */
export interface Freshness {
  readonly source: string;
  /** Event time of the newest row loaded from this source; null when it has none. */
  readonly newest: Date | null;
  /** `now - newest` in milliseconds; null when there is no data. */
  readonly ageMs: number | null;
  readonly maxAgeMs: number;
  /** No data at all, or older than allowed. */
  readonly stale: boolean;
}

/**
 * For each source, the newest value of its channel's event time field among the rows it loaded (the
 * `_source` lineage column), compared with `now`. `now` is passed in so the check is repeatable.
 * @example await checkFreshness(wh, [{ source: 'orders', channel: ordersChannel, maxAgeMs: 2 * 86_400_000 }], new Date())
 */
export async function checkFreshness(
  wh: Warehouse,
  limits: readonly { readonly source: string; readonly channel: Channel; readonly maxAgeMs: number }[],
  now: Date,
): Promise<Freshness[]> {
  const tables = new Set((await wh.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary`)).map((r) => r.t));
  const out: Freshness[] = [];
  for (const { source, channel, maxAgeMs } of limits) {
    let newest: Date | null = null;
    if (tables.has(channel.table)) {
      const [row] = await wh.all<{ newest: Date | null }>(
        `SELECT max(${ident(channel.timeField)})::TIMESTAMP AS newest FROM ${ident(channel.table)} WHERE _source = $1`, // only this source's rows: two sources may share a channel
        [source],
      );
      newest = row?.newest ?? null;
    }
    const ageMs = newest ? now.getTime() - newest.getTime() : null;
    out.push({ source, newest, ageMs, maxAgeMs, stale: ageMs === null || ageMs > maxAgeMs });
  }
  return out;
}
