// Per-customer predictions from fitted CLV models: P(alive), expected purchases and spend, discounted CLV, churn band.
import { compressTriples, conditionalExpectedSpend, discountedFromMonths, expectedPurchasesIfAlive, monthlyPurchasesIfAlive, probabilityAlive } from './clv/index.js';
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
  const triples = compressTriples(input.x, input.tx, input.T);
  const { alive, purchases, discounted } = predictTriples(triples, bgnbd, options);
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

/** What a history (x, t_x, T) predicts, whatever the customer's spend: one entry per triple, NaN where unevaluable. */
export interface TriplePredictions {
  /** P(alive) at the calibration end. */
  readonly alive: Float64Array;
  /** E[Y(horizonDays)]. */
  readonly purchases: Float64Array;
  /** Σ_k (E[Y(k·m)] − E[Y((k−1)·m)]) / (1 + d)^k: the CLV is this times the expected spend. */
  readonly discounted: Float64Array;
}

/** The history-dependent terms of {@link predictCustomers}, for distinct (x, t_x, T) (e.g. `compressTriples`' or a SQL GROUP BY's). Pure. */
export function predictTriples(
  triples: { readonly x: ArrayLike<number>; readonly tx: ArrayLike<number>; readonly T: ArrayLike<number> },
  bgnbd: BgNbdParams,
  options: PredictionOptions,
): TriplePredictions {
  const unit = options.period === 'week' ? 7 : 1;
  const horizon = options.horizonDays / unit;
  const month = DAYS_PER_MONTH / unit;
  const k = triples.x.length;
  const alive = new Float64Array(k);
  const purchases = new Float64Array(k);
  const discounted = new Float64Array(k);
  const clvHorizon = { months: options.clvMonths, periodsPerMonth: month, monthlyDiscountRate: options.monthlyDiscountRate };
  // The ₂F₁ series (13 per history: the horizon and each month) depend on (x, T) only, and many histories share one
  // (x, T) with different t_x: each pair's are evaluated once. Then every expectation is the bracket times P(alive),
  // as conditionalExpectedPurchases and discountedExpectedPurchases compute it: the same numbers, bit for bit.
  const brackets = new Map<number, Map<number, Brackets | null>>();
  for (let j = 0; j < k; j++) {
    const [x, tx, T] = [triples.x[j]!, triples.tx[j]!, triples.T[j]!];
    alive[j] = probabilityAlive(bgnbd, x, tx, T);
    let byT = brackets.get(x);
    if (!byT) brackets.set(x, (byT = new Map()));
    let b = byT.get(T);
    if (b === undefined) {
      try {
        b = { horizon: horizon > 0 ? expectedPurchasesIfAlive(bgnbd, horizon, x, T) : 0, months: monthlyPurchasesIfAlive(bgnbd, x, T, clvHorizon) };
      } catch {
        b = null; // the 2F1 series refuses absurd inputs (RangeError); one customer's NULL must not fail the others
      }
      byT.set(T, b);
    }
    purchases[j] = b === null ? NaN : horizon > 0 ? b.horizon * alive[j]! : 0;
    discounted[j] = b === null ? NaN : discountedFromMonths(b.months, alive[j]!, clvHorizon);
  }
  return { alive, purchases, discounted };
}

/** What {@link predictTriples} shares between histories with one (x, T): the expectations if alive. */
interface Brackets {
  readonly horizon: number;
  readonly months: Float64Array;
}

function spendOf(model: ClvModel, x: number, monetary: number): number {
  if (model.gammaGamma) return conditionalExpectedSpend(model.gammaGamma, x > 0 && monetary > 0 ? x : 0, monetary);
  return x > 0 && monetary > 0 ? monetary : model.meanTransactionValue;
}

/**
 * SQL of {@link spendOf} over columns `x` and `monetary`: the same operations in the same order, and the model's
 * numbers written as their shortest round-trip text cast to DOUBLE, so the same doubles as in JS.
 */
export function spendSql(model: ClvModel, x: string, monetary: string): string {
  const num = (v: number) => `'${String(v)}'::DOUBLE`;
  const spender = `(${x} > 0 AND ${monetary} > 0)`;
  const g = model.gammaGamma;
  if (!g) return `CASE WHEN ${spender} THEN ${monetary} ELSE ${num(model.meanTransactionValue)} END`;
  const xs = `(CASE WHEN ${spender} THEN ${x} ELSE 0 END)`;
  const denominator = `(${num(g.p)} * ${xs} + ${num(g.q)} - 1)`;
  return `CASE WHEN ${denominator} > 0 THEN (${num(g.p)} * (${num(g.gamma)} + ${monetary} * ${xs})) / ${denominator} ELSE 'Infinity'::DOUBLE END`;
}

/** SQL of {@link churnRiskBand} over a P(alive) column (NULL, as NaN, is `low`). */
export function churnRiskSql(pAlive: string): string {
  return `CASE WHEN ${pAlive} < ${highRiskBelow} THEN 'high' WHEN ${pAlive} < ${mediumRiskBelow} THEN 'medium' ELSE 'low' END`;
}

