// Builds `segment_transitions` and `customer_segment_transitions` from the dated snapshots in `rfm_history`.
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/** One cell of the movement matrix between two snapshots. */
export interface SegmentTransition {
  readonly from_segment: string | null;
  readonly to_segment: string | null;
  readonly customers: number;
}

/**
 * Rebuilds both tables for the snapshot `asOf` against the latest earlier snapshot in `rfm_history`
 * (in the daily pipeline: the two latest). With no earlier snapshot both tables are empty.
 * @throws Error when `rfm_history` has no snapshot as of `asOf` (run the RFM step first).
 * @example await buildSegmentTransitions(wh, { asOf: '2011-12-10' }); // -> { from: '2011-11-10', to: '2011-12-10', ... }
 */
export async function buildSegmentTransitions(
  wh: Warehouse,
  params: { asOf: string },
): Promise<{ from: string | null; to: string; customers: number; moved: number }> {
  const dates = await snapshotDates(wh);
  if (!dates.includes(params.asOf)) throw missingSnapshot(params.asOf, dates);
  const from = dates.filter((d) => d < params.asOf).at(-1) ?? null;
  await runSqlModel(wh, new URL('./segment-transitions.sql', import.meta.url), { from_as_of: from ?? '', to_as_of: params.asOf });
  const [row = { customers: 0, moved: 0 }] = await wh.all<{ customers: number; moved: number }>(
    `SELECT count(*) AS customers, count(*) FILTER (WHERE from_segment IS DISTINCT FROM to_segment) AS moved
     FROM customer_segment_transitions`,
  );
  return { from, to: params.asOf, ...row };
}

/**
 * Counts customers by (segment at `from`, segment at `to`) for any two snapshot dates, without writing tables.
 * NULL segments mean "no RFM row at that date". Rows are ordered by from, then to segment.
 * @throws Error naming the missing date and listing the snapshots there are.
 * @example await segmentTransitionsBetween(wh, '2011-06-01', '2011-12-10') // [{ from_segment: 'Champions', to_segment: 'At Risk', customers: 12 }, ...]
 */
export async function segmentTransitionsBetween(wh: Warehouse, from: string, to: string): Promise<SegmentTransition[]> {
  const dates = await snapshotDates(wh);
  for (const d of [from, to]) if (!dates.includes(d)) throw missingSnapshot(d, dates);
  return wh.all<SegmentTransition>(
    `WITH a AS (SELECT customer_id, segment FROM rfm_history WHERE as_of = $1::DATE),
          b AS (SELECT customer_id, segment FROM rfm_history WHERE as_of = $2::DATE)
     SELECT a.segment AS from_segment, b.segment AS to_segment, count(*) AS customers
     FROM a FULL OUTER JOIN b USING (customer_id)
     GROUP BY ALL ORDER BY from_segment NULLS FIRST, to_segment NULLS FIRST`,
    [from, to],
  );
}

/** The as-of dates of the snapshots in `rfm_history`, ascending ('YYYY-MM-DD'); none when RFM never ran. */
export async function snapshotDates(wh: Warehouse): Promise<string[]> {
  const [exists] = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'rfm_history' AND NOT temporary`);
  if (!exists) return [];
  const rows = await wh.all<{ d: string }>(`SELECT DISTINCT strftime(as_of, '%Y-%m-%d') AS d FROM rfm_history ORDER BY d`);
  return rows.map((r) => r.d);
}

function missingSnapshot(date: string, dates: readonly string[]): Error {
  const known = dates.length > 0 ? `snapshots: ${dates.join(', ')}` : 'rfm_history is empty (run the daily pipeline first)';
  return new Error(`segment transitions: no RFM snapshot as of ${date} in rfm_history; ${known}`);
}
