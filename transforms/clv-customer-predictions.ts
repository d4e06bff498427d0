// Per-customer predictions from fitted CLV models: P(alive), expected purchases and spend, discounted CLV, churn band.
import { compressTriples, conditionalExpectedPurchases, conditionalExpectedSpend, discountedExpectedPurchases, probabilityAlive } from './clv/index.js';
import type { BgNbdParams, Period } from './clv/index.js';
import type { ClvModel, ClvModelInput } from './clv-model.js';

/** Horizons and discounting of the predictions. */
export interface PredictionOptions {
  readonly period: Period;
  readonly horizonDays: number;
  readonly clvMonths: number;
  readonly monthlyDiscountRate: number;
}

/** One value per input customer, in input order. */
export interface CustomerPredictions {
  readonly pAlive: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly expectedSpend: Float64Array;
  readonly clv: Float64Array;
  readonly churnRisk: readonly ChurnRisk[];
}

export type ChurnRisk = 'high' | 'medium' | 'low';

/** P(alive) below this is `high` churn risk. */
export const highRiskBelow = 0.3;
/** P(alive) below this (and at least {@link highRiskBelow}) is `medium`; the rest is `low`. */
export const mediumRiskBelow = 0.7;

const DAYS_PER_MONTH = 365.25 / 12; // same month length as the library's customerLifetimeValue

/**
 * Churn-risk band of a P(alive): `high` below 0.3, `medium` below 0.7, else `low`.
 * @example churnRiskBand(0.25); // 'high'
 */
export function churnRiskBand(pAlive: number): ChurnRisk {
  return pAlive < highRiskBelow ? 'high' : pAlive < mediumRiskBelow ? 'medium' : 'low';
}

/**
 * Predicts, for each customer, P(alive) at the calibration end, E[Y(h)] repeat purchases in the next
 * `horizonDays`, the expected spend per transaction (Gamma-Gamma E[M | m_x, x], or the observed fallback
 * of `model`) and CLVᵢ = Σ_{k=1..H} (E[Y(k·m)] − E[Y((k−1)·m)]) · spendᵢ / (1 + d)^k, the formula of the
 * library's `customerLifetimeValue` (m = 365.25/12 days). History-dependent terms are computed once per
 * distinct (x, t_x, T). A prediction the closed forms cannot evaluate is NaN (written as NULL).
 * Pure: no I/O, no clock.
 * @example predictCustomers(summary, bgnbd, model, { period: 'week', horizonDays: 90, clvMonths: 12, monthlyDiscountRate: 0.01 });
 */
export function predictCustomers(
  input: ClvModelInput,
  bgnbd: BgNbdParams,
  model: ClvModel,
  options: PredictionOptions,
): CustomerPredictions {
  const unit = options.period === 'week' ? 7 : 1;
  const horizon = options.horizonDays / unit;
  const month = DAYS_PER_MONTH / unit;
  const triples = compressTriples(input.x, input.tx, input.T);
  const k = triples.x.length;
  const alive = new Float64Array(k);
  const purchases = new Float64Array(k);
  const discounted = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const [x, tx, T] = [triples.x[j]!, triples.tx[j]!, triples.T[j]!];
    alive[j] = probabilityAlive(bgnbd, x, tx, T);
    try {
      purchases[j] = conditionalExpectedPurchases(bgnbd, horizon, x, tx, T);
      discounted[j] = discountedExpectedPurchases(bgnbd, x, tx, T, {
        months: options.clvMonths, periodsPerMonth: month, monthlyDiscountRate: options.monthlyDiscountRate,
      });
    } catch {
      // The 2F1 series refuses absurd inputs (RangeError); one customer's NULL must not fail the others.
      purchases[j] = NaN;
      discounted[j] = NaN;
    }
  }
  const n = input.x.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const expectedSpend = new Float64Array(n);
  const clv = new Float64Array(n);
  const churnRisk = new Array<ChurnRisk>(n);
  for (let i = 0; i < n; i++) {
    const j = triples.index[i]!;
    pAlive[i] = alive[j]!;
    expectedPurchases[i] = purchases[j]!;
    expectedSpend[i] = spendOf(model, input.x[i]!, input.monetary[i]!);
    clv[i] = discounted[j]! * expectedSpend[i]!;
    churnRisk[i] = churnRiskBand(alive[j]!);
  }
  return { pAlive, expectedPurchases, expectedSpend, clv, churnRisk };
}

function spendOf(model: ClvModel, x: number, monetary: number): number {
  if (model.gammaGamma) return conditionalExpectedSpend(model.gammaGamma, x > 0 && monetary > 0 ? x : 0, monetary);
  return x > 0 && monetary > 0 ? monetary : model.meanTransactionValue;
}
