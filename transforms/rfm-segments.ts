// Builds `rfm_segments` (recency, frequency, monetary, 1-5 scores and a named segment per customer) and keeps
// a dated snapshot in `rfm_history`.
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';
import { defaultSegmentMap, segmentCaseSql, type SegmentMap } from './rfm-segment-map.js';

/** Parameters of an RFM build (see `rfm-segments.sql` for the exact definitions). */
export interface RfmParams {
  /** 'YYYY-MM-DD'; orders on or after it (UTC) are ignored. */
  readonly asOf: string;
  /** Monetary counts only orders of the last N UTC days before `asOf`; omitted or 0 = all history. */
  readonly windowDays?: number;
  /** Names the segments; default: the 11-segment map in `rfm-segment-map.ts`. */
  readonly segmentMap?: SegmentMap;
}

/**
 * Rebuilds `rfm_segments` from `order_values` and replaces that as-of date's snapshot in `rfm_history`.
 * @throws Error naming the model when the SQL fails; the previous tables are kept.
 * @example await buildRfmSegments(wh, { asOf: '2011-12-10' });
 */
export async function buildRfmSegments(wh: Warehouse, params: RfmParams): Promise<{ customers: number; segments: number }> {
  await runSqlModel(wh, new URL('./rfm-segments.sql', import.meta.url), {
    as_of: params.asOf,
    window_days: params.windowDays ?? 0,
  });
  const segment = segmentCaseSql(params.segmentMap ?? defaultSegmentMap);
  await wh.transaction(() =>
    wh.run(`
      CREATE OR REPLACE TABLE rfm_segments AS
      SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score,
             ((f_score + m_score + 1) // 2)::INTEGER AS fm_score,   -- mean of F and M, halves rounded up
             ${segment} AS segment,  -- fm_score is the alias above (DuckDB allows it)
             getvariable('as_of')::DATE AS as_of
      FROM rfm_scored;
      CREATE TABLE IF NOT EXISTS rfm_history AS SELECT * FROM rfm_segments WITH NO DATA;
      DELETE FROM rfm_history WHERE as_of = getvariable('as_of')::DATE;
      INSERT INTO rfm_history SELECT * FROM rfm_segments;
      DROP TABLE rfm_base; DROP TABLE rfm_scored;`),
  );
  const [row = { customers: 0, segments: 0 }] = await wh.all<{ customers: number; segments: number }>(
    'SELECT count(*) AS customers, count(DISTINCT segment) AS segments FROM rfm_segments',
  );
  return row;
}
