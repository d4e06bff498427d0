// Predicted versus actual holdout repeat purchases, in total and by calibration frequency.

import type { BgNbdParams } from './bg-nbd-likelihood.js';
import { conditionalExpectedPurchases } from './bg-nbd-predict.js';
import { ClvError } from './clv-error.js';
import { compressTriples } from './compress-triples.js';

/** Customers with the same number of calibration repeat purchases (the last row is "maxFrequency or more"). */
export interface HoldoutFrequencyRow {
  /** Calibration repeat purchases x (the lower bound for the last row). */
  readonly frequency: number;
  /** `'0'`, `'1'`, … and `'7+'` for the last row. */
  readonly label: string;
  readonly customers: number;
  /** Total actual holdout repeat purchases of these customers. */
  readonly actual: number;
  /** Total predicted holdout repeat purchases, Σ E[Y(t) | x, t_x, T]. */
  readonly predicted: number;
  /** Per-customer means (0 for an empty row). */
  readonly actualMean: number;
  readonly predictedMean: number;
}

/** Predicted versus actual holdout purchases. */
export interface HoldoutComparison {
  /** Holdout length t, in the model's time unit. */
  readonly length: number;
  readonly customers: number;
  readonly actual: number;
  readonly predicted: number;
  readonly byFrequency: readonly HoldoutFrequencyRow[];
}

/** Calibration histories with their actual holdout purchases. */
export interface HoldoutInput {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** Per row: the holdout purchases of its customers together. */
  readonly holdoutPurchases: ArrayLike<number>;
  /** Customers per row (default 1 each): rows of distinct (x, t_x, T), e.g. from a SQL GROUP BY. */
  readonly count?: ArrayLike<number>;
}

/**
 * Compares Σ E[Y(t) | x, t_x, T] with the purchases actually made in the holdout of length t,
 * overall and grouped by x = 0, 1, …, maxFrequency − 1 and maxFrequency+ (FHL 2005, fig. 4).
 *
 * Predictions are computed once per distinct (x, t_x, T). Returns plain, JSON-ready data.
 *
 * @throws ClvError when arrays differ in length, a triple is invalid, a holdout count is not a
 *   non-negative integer, or `length` is not positive.
 * @example
 * holdoutComparison({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, summary, 39).byFrequency[0];
 * // { frequency: 0, label: '0', customers, actual, predicted, actualMean, predictedMean }
 */
export function holdoutComparison(
  params: BgNbdParams,
  data: HoldoutInput,
  length: number,
  maxFrequency = 7,
): HoldoutComparison {
  assertValidHoldout('holdoutComparison', data.x.length, data.holdoutPurchases, length);
  if (data.count !== undefined && data.count.length !== data.x.length) {
    throw new ClvError({ stage: 'holdoutComparison', field: 'count' }, 'must have one entry per row');
  }
  const triples = compressTriples(data.x, data.tx, data.T);
  const perTriple = new Float64Array(triples.x.length);
  for (let k = 0; k < perTriple.length; k++) {
    perTriple[k] = conditionalExpectedPurchases(params, length, triples.x[k]!, triples.tx[k]!, triples.T[k]!);
  }
  const customers = new Float64Array(maxFrequency + 1);
  const actual = new Float64Array(maxFrequency + 1);
  const predicted = new Float64Array(maxFrequency + 1);
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const holdout = data.holdoutPurchases[i]!;
    const group = Math.min(data.x[i]!, maxFrequency);
    const count = data.count?.[i] ?? 1;
    total += count;
    customers[group]! += count;
    actual[group]! += holdout;
    predicted[group]! += perTriple[triples.index[i]!]! * count;
  }
  const byFrequency = Array.from(customers, (count, frequency) => ({
    frequency,
    label: frequency === maxFrequency ? `${frequency}+` : String(frequency),
    customers: count,
    actual: actual[frequency]!,
    predicted: predicted[frequency]!,
    actualMean: count > 0 ? actual[frequency]! / count : 0,
    predictedMean: count > 0 ? predicted[frequency]! / count : 0,
  }));
  return {
    length,
    customers: total,
    actual: actual.reduce((s, v) => s + v, 0),
    predicted: predicted.reduce((s, v) => s + v, 0),
    byFrequency,
  };
}

/**
 * Checks holdout inputs: a positive finite length and one non-negative integer count per customer.
 *
 * @throws ClvError naming `stage`, the field and the row.
 * @example
 * assertValidHoldout('fitClv', 3, [0, 2, 1], 39); // passes
 */
export function assertValidHoldout(
  stage: string,
  customers: number,
  holdoutPurchases: ArrayLike<number>,
  length: number,
): void {
  if (!(Number.isFinite(length) && length > 0)) {
    throw new ClvError({ stage, field: 'holdoutLength' }, `expected a positive holdout length, got ${length}`);
  }
  if (holdoutPurchases.length !== customers) {
    throw new ClvError({ stage, field: 'holdoutPurchases' }, 'must have one entry per customer');
  }
  for (let i = 0; i < customers; i++) {
    const count = holdoutPurchases[i]!;
    if (!(Number.isInteger(count) && count >= 0)) {
      throw new ClvError({ stage, field: 'holdoutPurchases', row: i }, `expected a non-negative integer, got ${count}`);
    }
  }
}
