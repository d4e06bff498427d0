// Compares tables of two DuckDB warehouse files by EXCEPT ALL both ways, leaving out run ids and timestamps of runs.
import type { DuckDBConnection } from '@duckdb/node-api';

/** Every analytic table a run writes, and the columns that record when or by which run (never compared). */
export const analyticTables: Readonly<Record<string, readonly string[]>> = {
  customer_360: [], rfm_segments: [], cohort_retention: [], churn_metrics: [], customer_value: [],
  clv_predictions: ['computed_at', 'run_id'], identities: [], customer_ids: ['assigned_at', 'run_id'],
  identity_merges: ['merged_at', 'run_id'], customer_records: [], order_values: [], identity_values: [],
  identity_merge_refusals: ['run_id'],
  // The CLV fits (warm-started from the stored fit in an incremental run, searched from scratch in a full refresh).
  clv_models: [], clv_calibration: [],
  rfm_history: [], segment_transitions: [], customer_segment_transitions: [], cohort_value: [],
  customer_preferences: [], product_recommendations: [], customer_sentiment: [],
  // The stored co-purchase model and the baskets it was built from (kept between its refreshes).
  product_similarity: [], product_popularity: [], product_model_baskets: [],
};

/** A table's compared columns (run ids and timestamps left out); `customer_records` was `record_customers` before. */
async function columns(c: DuckDBConnection, db: string, table: string, skip: readonly string[]) {
  const rows = (await (await c.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = '${db}' AND table_name = '${table}' ORDER BY ordinal_position`)).getRows());
  if (rows.length === 0 && table === 'customer_records') return { from: `${db}.record_customers`, exact: ['source AS channel', 'record_id', 'customer_id', 'identity'], close: [] };
  const cols = rows.map((r) => ({ name: String(r[0]), type: String(r[1]) })).filter((x) => !skip.includes(x.name));
  if (cols.length === 0) return undefined;
  // Model fits (CLV) sum floating point in row order, which another row order changes around the 9th digit: DOUBLEs are
  // compared within 1e-6 (relative), everything else exactly.
  return { from: `${db}.${table}`, exact: cols.filter((x) => x.type !== 'DOUBLE').map((x) => `"${x.name}"`), close: cols.filter((x) => x.type === 'DOUBLE').map((x) => x.name) };
}

/**
 * Attaches `fileA` and `fileB` read-only and returns one line per table that differs ("customer_360: 3 rows only in a,
 * 2 only in b") or is missing on one side; an empty list means every table is identical.
 */
export async function compareWarehouses(c: DuckDBConnection, fileA: string, fileB: string, tables: Readonly<Record<string, readonly string[]>>): Promise<string[]> {
  await c.run(`ATTACH '${fileA}' AS a (READ_ONLY); ATTACH '${fileB}' AS b (READ_ONLY)`);
  const out: string[] = [];
  try {
    for (const [table, skip] of Object.entries(tables)) {
      const [ca, cb] = [await columns(c, 'a', table, skip), await columns(c, 'b', table, skip)];
      if (!ca || !cb) { if (ca !== cb) out.push(`${table}: only in ${ca ? 'a' : 'b'}`); continue; }
      const count = async (sql: string) => Number((await (await c.runAndReadAll(`SELECT count(*) FROM (${sql})`)).getRows())[0]![0]);
      const [qa, qb] = [`SELECT ${ca.exact.join(', ')} FROM ${ca.from}`, `SELECT ${cb.exact.join(', ')} FROM ${cb.from}`];
      const [onlyA, onlyB] = [await count(`${qa} EXCEPT ALL ${qb}`), await count(`${qb} EXCEPT ALL ${qa}`)];
      if (onlyA + onlyB > 0) out.push(`${table}: ${onlyA} rows only in a, ${onlyB} only in b`);
      else if (ca.close.length > 0) {
        const on = ca.exact.map((x) => `x.${x} IS NOT DISTINCT FROM y.${x}`).join(' AND ');
        const far = ca.close.map((x) => `abs(x."${x}" - y."${x}") > 1e-6 * greatest(1, abs(x."${x}"))`).join(' OR ');
        const n = await count(`SELECT 1 FROM ${ca.from} x JOIN ${cb.from} y ON ${on} WHERE ${far}`);
        if (n > 0) out.push(`${table}: ${n} rows differ by more than 1e-6 (relative) in ${ca.close.join(', ')}`);
      }
    }
  } finally {
    await c.run('DETACH a; DETACH b');
  }
  return out;
}
