// Builds `clv_calibration`: BG/NBD fitted without the last holdoutDays, predicted vs actual holdout purchases by frequency.
import { fitBgNbd, holdoutComparison } from './clv/index.js';
import type { BgNbdFit, Period } from './clv/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { clvCalibration, columnDefinitions } from './contracts/index.js';
import { dayBefore, orderTransactions, storedWarmStart } from './clv-predictions.js';
import { createClvSummary } from './clv-summary.js';
import { readNumericColumns } from '../warehouse/columnar.js';

/** Parameters of {@link buildClvCalibration}. */
export interface ClvCalibrationParams {
  /** 'YYYY-MM-DD', exclusive, as for the other transforms. */
  readonly asOf: string;
  readonly period: Period;
  /** Length of the holdout period (the last days before `asOf`). */
  readonly holdoutDays: number;
  /** Start the fit from the stored prediction fit (default true); false searches from scratch (a full refresh). */
  readonly warmStart?: boolean;
}

/** What happened: the rows written, or why there are none. */
export interface ClvCalibrationResult {
  readonly rows: number;
  readonly calibrationEnd: string;
  readonly holdoutEnd: string;
  readonly warning?: string;
}

/**
 * Validates the purchase model on the warehouse's own history. The holdout is the last `holdoutDays` days
 * before `asOf` (holdout end = asOf − 1 day, calibration end = holdout end − holdoutDays); BG/NBD is fitted
 * on the customers whose first counted order is on or before the calibration end, using only their
 * calibration purchases; each customer's E[Y(holdout) | x, t_x, T] is summed and compared with the repeat
 * purchases they actually made in the holdout, grouped by calibration repeat purchases ('0'..'6', '7+').
 * Runs only with enough history: the first counted order at least `holdoutDays − 1` days before the calibration
 * end (a calibration period of at least `holdoutDays` days, as long as the holdout) and at least one calibration repeat purchase;
 * otherwise the table is emptied and the reason returned as `warning`. When the fit runs off to a boundary
 * (e.g. a, b → ∞) where a bucket's prediction is not a finite number, its `predicted` is NULL and
 * `predicted_null_reason` (and the returned `warning`) say why. Reads no clock.
 * @throws Error naming the SQL when the warehouse rejects it.
 * @example await buildClvCalibration(wh, { asOf: '2026-11-01', period: 'week', holdoutDays: 90 });
 */
export async function buildClvCalibration(wh: Warehouse, params: ClvCalibrationParams): Promise<ClvCalibrationResult> {
  const holdoutEnd = dayBefore(params.asOf);
  const calibrationEnd = dayBefore(holdoutEnd, params.holdoutDays);
  const place = { calibrationEnd, holdoutEnd };
  const rows = await (async () => {
    const [first] = await wh.all<{ d: string | null }>(`SELECT strftime(min(day), '%Y-%m-%d') AS d FROM (${orderTransactions(params.asOf)})`);
    const latestStart = dayBefore(calibrationEnd, params.holdoutDays - 1); // calibration spans >= holdoutDays days
    if (!first?.d || first.d > latestStart) {
      return `not enough history for a ${params.holdoutDays}-day holdout: the first counted order (${first?.d ?? 'none'}) must be on or before ${latestStart}`;
    }
    const { holdoutEnd: holdoutDay, calibrationEnd: calibrationDay, periodDays } = await createClvSummary(wh, {
      transactions: orderTransactions(params.asOf), calibrationEnd, holdoutEnd, period: params.period,
    });
    // One row per distinct history (x, t_x, T) with its customers and their holdout purchases: the fit and the
    // comparison need no more, and at 1M customers reading a row per customer was most of this step.
    const [x, tx, T, count, holdout] = await readNumericColumns(wh, `SELECT x, t_x, "T", count(*)::DOUBLE AS n, sum(holdout_purchases)::DOUBLE AS holdout
      FROM clv_summary GROUP BY x, t_x, "T" ORDER BY x, t_x, "T"`, 'clv_summary') as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    if (!x.some((v) => v > 0)) return 'no customer made a repeat purchase before the holdout: nothing to fit';
    // The stored prediction fit is near this one (same customers, 90 days less history): a warm start, same optimum.
    const { bgnbd: warmStart } = params.warmStart === false ? {} : await storedWarmStart(wh, calibrationEnd, params.period);
    const fit = fitBgNbd({ x, tx, T, count }, warmStart ? { warmStart } : {});
    try {
      const comparison = holdoutComparison(fit, { x, tx, T, count, holdoutPurchases: holdout }, (holdoutDay! - calibrationDay) / periodDays);
      return { byFrequency: comparison.byFrequency, fit };
    } catch (error) {
      // A fit that ran off to a boundary (e.g. a, b → ∞) has predictions the 2F1 series cannot evaluate.
      return `holdout predictions could not be evaluated for the fit (r=${fit.r}, alpha=${fit.alpha}, a=${fit.a}, b=${fit.b}, converged=${fit.converged}): ${(error as Error).message}`;
    }
  })();
  const table = typeof rows === 'string' ? [] : rows.byFrequency;
  const unpredicted = table.filter((r) => !Number.isFinite(r.predicted));
  const reason = typeof rows === 'string' || unpredicted.length === 0 ? null : boundaryReason(rows.fit);
  await wh.transaction(async () => {
    await wh.run(`CREATE OR REPLACE TABLE clv_calibration (${columnDefinitions(clvCalibration)})`);
    if (table.length === 0) return;
    // Bound, not pasted: a NaN pasted into SQL reads as a column named NaN; a non-finite prediction is NULL with its reason.
    const row = (k: number) => `($${k * 8 + 1}, $${k * 8 + 2}, $${k * 8 + 3}, $${k * 8 + 4}::DOUBLE, $${k * 8 + 5}::DATE, $${k * 8 + 6}::DATE, $${k * 8 + 7}::DATE, $${k * 8 + 8})`;
    await wh.run(`INSERT INTO clv_calibration VALUES ${table.map((_, k) => row(k)).join(', ')}`, table.flatMap((r) => {
      const predicted = Number.isFinite(r.predicted) ? r.predicted : null;
      return [r.label, r.customers, r.actual, predicted, params.asOf, calibrationEnd, holdoutEnd, predicted === null ? reason : null];
    }));
  });
  if (typeof rows === 'string') return { rows: 0, ...place, warning: rows };
  const warnings = [
    ...(rows.fit.converged ? [] : ['the calibration BG/NBD fit did not converge; predictions use the best parameters found']),
    ...(reason ? [`predicted is NULL for ${unpredicted.map((r) => `'${r.label}'`).join(', ')}: ${reason}`] : []),
  ];
  return warnings.length > 0 ? { rows: table.length, ...place, warning: warnings.join('; ') } : { rows: table.length, ...place };
}

/** Why the closed forms gave no number: the fit ran off to a boundary of the parameter space. */
function boundaryReason(fit: BgNbdFit): string {
  const p = (v: number) => Number(v.toPrecision(4));
  return `the calibration BG/NBD fit ran off to a boundary (r=${p(fit.r)}, alpha=${p(fit.alpha)}, a=${p(fit.a)}, b=${p(fit.b)}, ` +
    `converged=${fit.converged}), where the closed form of E[Y(t) | x, t_x, T] does not evaluate to a number`;
}
