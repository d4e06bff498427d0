// Discounted customer lifetime value over a horizon, combining BG/NBD purchase and Gamma-Gamma spend forecasts.

import type { BgNbdParams } from './bg-nbd-likelihood.js';
import { conditionalExpectedPurchases, expectedPurchasesIfAlive, probabilityAlive } from './bg-nbd-predict.js';
import { lifetimeValueOptionsSchema, parseOptions } from './clv-options.js';
import type { LifetimeValueOptions } from './clv-options.js';
import { ClvError } from './clv-error.js';
import { compressTriples } from './compress-triples.js';
import type { GammaGammaParams } from './gamma-gamma-likelihood.js';
import { conditionalExpectedSpend } from './gamma-gamma.js';

/** Per-customer calibration summary needed for CLV. */
export interface LifetimeValueInput {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** Mean value of the repeat transactions (ignored when x = 0). */
  readonly monetary: ArrayLike<number>;
}

const DAYS_PER_MONTH = 365.25 / 12;

/**
 * Expected discounted value of each customer's purchases over the next `months` months:
 *
 * CLVᵢ = Σ_{k=1..H} (E[Y(k·m) | xᵢ, t_xᵢ, Tᵢ] − E[Y((k−1)·m) | xᵢ, t_xᵢ, Tᵢ]) · E[M | m_xᵢ, xᵢ] / (1 + d)^k
 *
 * with H = `months`, d = `monthlyDiscountRate`, m = `periodsPerMonth` (default 365.25/12 = 30.4375
 * days, or 4.348 weeks, per `period`, which must be the unit x, t_x and T are in), E[Y(t) | …] the
 * BG/NBD conditional expectation and E[M | …] the Gamma-Gamma conditional mean spend. This is the
 * discrete approximation of `lifetimes`' `customer_lifetime_value`, which uses m = 30 days or 4.345
 * weeks: each month's expected purchases are discounted at the end of that month. Customers without
 * repeat purchases get the population mean spend pγ/(q−1).
 *
 * @throws ClvError for invalid options (zod issue path in the message), arrays of different
 *   lengths or invalid triples.
 * @example
 * customerLifetimeValue(bgnbd, gammaGamma, summary, { period: 'week', months: 12, monthlyDiscountRate: 0.01 });
 */
export function customerLifetimeValue(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customers: LifetimeValueInput,
  options: LifetimeValueOptions,
): Float64Array {
  const stage = 'customerLifetimeValue';
  const parsed = parseOptions(lifetimeValueOptionsSchema, options, stage);
  const perMonth = parsed.periodsPerMonth ?? (parsed.period === 'week' ? DAYS_PER_MONTH / 7 : DAYS_PER_MONTH);
  if (customers.monetary.length !== customers.x.length) {
    throw new ClvError({ stage, field: 'monetary' }, 'must have one entry per customer');
  }
  // The discounted purchase stream depends only on the history triple, so compute it once per triple.
  const triples = compressTriples(customers.x, customers.tx, customers.T);
  const discountedPurchases = new Float64Array(triples.x.length);
  for (let k = 0; k < triples.x.length; k++) {
    discountedPurchases[k] = discountedExpectedPurchases(bgnbd, triples.x[k]!, triples.tx[k]!, triples.T[k]!, {
      months: parsed.months, periodsPerMonth: perMonth, monthlyDiscountRate: parsed.monthlyDiscountRate,
    });
  }
  const value = new Float64Array(customers.x.length);
  for (let i = 0; i < value.length; i++) {
    const spend = conditionalExpectedSpend(gammaGamma, customers.x[i]!, customers.monetary[i]!);
    value[i] = discountedPurchases[triples.index[i]!]! * spend;
  }
  return value;
}

/**
 * The discounted expected purchases of one customer history over `months` months: the sum over months k of
 * (E[X(k·m) | x, t_x, T] − E[X((k−1)·m) | x, t_x, T]) / (1 + d)^k, with m = `periodsPerMonth`. Multiplied by the
 * expected spend this is the CLV of {@link customerLifetimeValue}.
 * @throws RangeError from the 2F1 series for parameters it cannot evaluate.
 */
export function discountedExpectedPurchases(
  bgnbd: Parameters<typeof conditionalExpectedPurchases>[0], x: number, tx: number, T: number,
  horizon: { readonly months: number; readonly periodsPerMonth: number; readonly monthlyDiscountRate: number },
): number {
  return discountedFromMonths(monthlyPurchasesIfAlive(bgnbd, x, T, horizon), probabilityAlive(bgnbd, x, tx, T), horizon);
}

/**
 * The cumulative expected purchases if alive at the end of each month of the horizon ({@link expectedPurchasesIfAlive}
 * at k·m for k = 1..months): what {@link discountedExpectedPurchases} needs of a history but P(alive), so it is shared
 * by every history with the same (x, T).
 * @throws RangeError from the ₂F₁ series.
 */
export function monthlyPurchasesIfAlive(
  bgnbd: BgNbdParams, x: number, T: number, horizon: { readonly months: number; readonly periodsPerMonth: number },
): Float64Array {
  const cumulative = new Float64Array(horizon.months);
  for (let month = 1; month <= horizon.months; month++) cumulative[month - 1] = expectedPurchasesIfAlive(bgnbd, month * horizon.periodsPerMonth, x, T);
  return cumulative;
}

/**
 * {@link discountedExpectedPurchases} from a history's {@link monthlyPurchasesIfAlive} and its P(alive): each month's
 * cumulative expectation is the bracket times P(alive), as {@link conditionalExpectedPurchases} computes it, so the
 * result is the same number.
 */
export function discountedFromMonths(ifAlive: Float64Array, alive: number, horizon: { readonly monthlyDiscountRate: number }): number {
  let previous = 0;
  let total = 0;
  for (let month = 1; month <= ifAlive.length; month++) {
    const cumulative = ifAlive[month - 1]! * alive;
    total += (cumulative - previous) / Math.pow(1 + horizon.monthlyDiscountRate, month);
    previous = cumulative;
  }
  return total;
}
