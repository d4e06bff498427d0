// Builds `clv_calibration`: BG/NBD fitted without the last holdoutDays, predicted vs actual holdout purchases by frequency.
import { fitBgNbd, holdoutComparison } from './clv/index.js';
import type { Period } from './clv/index.js';
import { literal } from '../warehouse/warehouse.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { dayBefore, orderTransactions } from './clv-predictions.js';
import { summarizeInWarehouse } from './clv-summary.js';

/** Parameters of {@link buildClvCalibration}. */
export interface ClvCalibrationParams {
  /** 'YYYY-MM-DD', exclusive, as for the other transforms. */
  readonly asOf: string;
  readonly period: Period;
  /** Length of the holdout period (the last days before `asOf`). */
  readonly holdoutDays: number;
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
 * otherwise the table is emptied and the reason returned as `warning`. Reads no clock.
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
    const summary = await summarizeInWarehouse(wh, {
      transactions: orderTransactions(params.asOf), calibrationEnd, holdoutEnd, period: params.period,
    });
    if (!summary.x.some((x) => x > 0)) return 'no customer made a repeat purchase before the holdout: nothing to fit';
    const fit = fitBgNbd({ x: summary.x, tx: summary.tx, T: summary.T });
    try {
      const comparison = holdoutComparison(fit, { ...summary, holdoutPurchases: summary.holdoutPurchases! }, summary.holdoutLength!);
      return { byFrequency: comparison.byFrequency, converged: fit.converged };
    } catch (error) {
      // A fit that ran off to a boundary (e.g. a, b → ∞) has predictions the 2F1 series cannot evaluate.
      return `holdout predictions could not be evaluated for the fit (r=${fit.r}, alpha=${fit.alpha}, a=${fit.a}, b=${fit.b}, converged=${fit.converged}): ${(error as Error).message}`;
    }
  })();
  const values = typeof rows === 'string' ? [] : rows.byFrequency.map((r) =>
    `(${literal(r.label)}, ${r.customers}, ${r.actual}, ${numberLiteral(r.predicted)}, ${literal(params.asOf)}::DATE, ${literal(calibrationEnd)}::DATE, ${literal(holdoutEnd)}::DATE)`);
  await wh.transaction(() => wh.run(`
    CREATE OR REPLACE TABLE clv_calibration (calibration_purchases VARCHAR, customers INTEGER, actual INTEGER, predicted DOUBLE,
      as_of DATE, calibration_end DATE, holdout_end DATE);
    ${values.length > 0 ? `INSERT INTO clv_calibration VALUES ${values.join(',\n')};` : ''}`));
  if (typeof rows === 'string') return { rows: 0, ...place, warning: rows };
  return rows.converged
    ? { rows: values.length, ...place }
    : { rows: values.length, ...place, warning: 'the calibration BG/NBD fit did not converge; predictions use the best parameters found' };
}

/** A number as SQL: a prediction that came out NaN or infinite (a fit at a boundary) is stored as NULL, not pasted as `NaN`. */
export function numberLiteral(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NULL';
}
