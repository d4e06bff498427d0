// Builds the per-customer CLV summary inside DuckDB and reads it into typed arrays, chunk by chunk.
import { readKeyedColumns } from '../warehouse/columnar.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { toDayNumber } from './clv/index.js';
import type { CustomerSummary, Period } from './clv/index.js';
import { runSqlModel } from './sql-model.js';

/** Options of {@link summarizeInWarehouse}. */
export interface WarehouseSummaryOptions {
  /**
   * SQL of a relation with columns `customer_id` (VARCHAR), `day` (DATE, the UTC day of the purchase) and
   * `amount` (DOUBLE): one row per purchase. Written by code (never user input), e.g. a SELECT on `order_values`.
   */
  readonly transactions: string;
  /** Last day of the calibration period, 'YYYY-MM-DD', inclusive. */
  readonly calibrationEnd: string;
  /** Last day of the holdout period, 'YYYY-MM-DD', inclusive; omit for no holdout. */
  readonly holdoutEnd?: string;
  readonly period: Period;
}

/** A {@link CustomerSummary} with string customer ids and each customer's total calibration spend. */
export interface WarehouseClvSummary extends CustomerSummary {
  /** Customer ids, sorted. */
  readonly customers: readonly string[];
  /** Sum of all calibration transactions (the first purchase included), for the spend fallback. */
  readonly calibrationValue: Float64Array;
}

const columns = ['customer_id', 'x', 't_x', 'T', 'monetary', 'calibration_value', 'holdout_purchases'] as const;

/**
 * Computes x, t_x, T, monetary (mean of the repeat transactions) and holdout purchases per customer with
 * `clv-summary.sql`, exactly as the pure `summarizeTransactions` does, and reads the result column by
 * column from DuckDB's data chunks into Float64Arrays (no row objects), so millions of customers fit in memory.
 * Leaves the temp table `clv_summary` in the session (replaced on the next call).
 *
 * @throws Error naming `clv-summary.sql` when the SQL fails, or ClvError for a malformed date or a holdout
 *   end not after the calibration end.
 * @example
 * const s = await summarizeInWarehouse(wh, {
 *   transactions: 'SELECT customer_id, ordered_at::DATE AS day, net_value::DOUBLE AS amount FROM order_values WHERE net_value > 0',
 *   calibrationEnd: '2026-10-31', period: 'week',
 * });
 */
export async function summarizeInWarehouse(wh: Warehouse, options: WarehouseSummaryOptions): Promise<WarehouseClvSummary> {
  const { holdoutEnd, calibrationEnd, periodDays } = await createClvSummary(wh, options);
  const [count = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM clv_summary');
  const read = await readKeyedColumns(wh, `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM clv_summary ORDER BY customer_id`, count.n, 'clv_summary');
  return {
    customers: read.keys,
    x: read.numbers[0]!,
    tx: read.numbers[1]!,
    T: read.numbers[2]!,
    monetary: read.numbers[3]!,
    calibrationValue: read.numbers[4]!,
    ...(holdoutEnd === undefined
      ? {}
      : { holdoutPurchases: read.numbers[5]!, holdoutLength: (holdoutEnd - calibrationEnd) / periodDays }),
    period: options.period,
  };
}

/**
 * Runs `clv-summary.sql`, leaving the TEMP table `clv_summary` (customer_id, x, t_x, T, monetary, calibration_value,
 * holdout_purchases) in the session, without reading it: for callers that work on it in SQL or read only aggregates.
 * @throws as {@link summarizeInWarehouse}.
 */
export async function createClvSummary(
  wh: Warehouse, options: WarehouseSummaryOptions,
): Promise<{ calibrationEnd: number; holdoutEnd: number | undefined; periodDays: number }> {
  const stage = 'summarizeInWarehouse';
  const periodDays = options.period === 'week' ? 7 : 1;
  const calibrationEnd = toDayNumber(options.calibrationEnd, { stage, field: 'calibrationEnd' });
  const holdoutEnd = options.holdoutEnd === undefined ? undefined : toDayNumber(options.holdoutEnd, { stage, field: 'holdoutEnd' });
  if (holdoutEnd !== undefined && !(holdoutEnd > calibrationEnd)) {
    throw new Error(`clv.${stage}: holdoutEnd (${options.holdoutEnd}) must be after calibrationEnd (${options.calibrationEnd})`);
  }
  await wh.run(`CREATE OR REPLACE TEMP VIEW clv_transactions AS ${options.transactions}`);
  await runSqlModel(wh, new URL('./clv-summary.sql', import.meta.url), {
    calibration_end: options.calibrationEnd,
    holdout_end: options.holdoutEnd ?? '',
    period_days: periodDays,
  });
  return { calibrationEnd, holdoutEnd, periodDays };
}
