// Gamma-Gamma log-likelihood of customers' mean repeat spend, with its gradient, over weighted customers.

import { ClvError } from './clv-error.js';
import { digamma } from './digamma.js';
import { logGamma } from './log-gamma.js';

/** Gamma-Gamma parameters: spend z ~ Gamma(p, rate ν) per transaction, ν ~ Gamma(q, rate γ) per customer. */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** Repeat customers only: number of repeat transactions, their mean value, and a weight. */
export interface SpendData {
  readonly x: Float64Array;
  readonly monetary: Float64Array;
  readonly weight: Float64Array;
}

/** Pre-grouped spend data able to evaluate the log-likelihood and its gradient repeatedly. */
export interface GammaGammaLikelihood {
  /** Sum of the weights (number of repeat customers). */
  readonly customers: number;
  /** Total log-likelihood; when `gradient` is given, writes ∂LL/∂(p, q, γ) into it. NaN off the domain. */
  evaluate(params: GammaGammaParams, gradient?: Float64Array): number;
}

/**
 * Keeps the customers with x ≥ 1 repeat purchases, checking their mean repeat spend.
 *
 * @throws ClvError when the arrays differ in length, x is not a non-negative integer, a
 *   repeat customer's monetary value is not a positive finite number, or no customer has x ≥ 1.
 * @example
 * selectRepeatCustomers([0, 2], [0, 31.5], 'fitGammaGamma'); // one customer, x = 2, m = 31.5
 */
export function selectRepeatCustomers(x: ArrayLike<number>, monetary: ArrayLike<number>, stage: string): SpendData {
  if (x.length !== monetary.length) {
    throw new ClvError({ stage, field: 'x/monetary' }, `arrays must have equal length, got ${x.length} and ${monetary.length}`);
  }
  const keptX: number[] = [];
  const keptM: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const mi = monetary[i]!;
    if (!(Number.isInteger(xi) && xi >= 0)) {
      throw new ClvError({ stage, field: 'x', row: i }, `expected a non-negative integer, got ${xi}`);
    }
    if (xi === 0) continue;
    if (!(Number.isFinite(mi) && mi > 0)) {
      throw new ClvError(
        { stage, field: 'monetary', row: i },
        `a repeat customer's mean repeat spend must be a positive finite number, got ${mi}`,
      );
    }
    keptX.push(xi);
    keptM.push(mi);
  }
  if (keptX.length === 0) throw new ClvError({ stage, field: 'x' }, 'no customer has a repeat purchase');
  return { x: Float64Array.from(keptX), monetary: Float64Array.from(keptM), weight: new Float64Array(keptX.length).fill(1) };
}

/**
 * Total Gamma-Gamma log-likelihood over customers with x ≥ 1:
 * Σ ln[Γ(px+q)/(Γ(px)Γ(q)) · γ^q · m_x^{px−1} · x^{px} / (γ + m_x·x)^{px+q}], the density of the
 * mean m_x of x transactions. Customers with x = 0 are skipped.
 *
 * @throws ClvError on the inputs rejected by {@link selectRepeatCustomers}.
 * @example
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, [1, 3], [20.5, 35.0]);
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  x: ArrayLike<number>,
  monetary: ArrayLike<number>,
): number {
  return createGammaGammaLikelihood(selectRepeatCustomers(x, monetary, 'gammaGammaLogLikelihood')).evaluate(params);
}

/**
 * Groups the terms that do not depend on (p, q, γ) per distinct x, leaving one log per customer
 * per evaluation. Does not validate `data` (see {@link selectRepeatCustomers}).
 *
 * @example
 * createGammaGammaLikelihood(selectRepeatCustomers(x, m, 'fit')).evaluate({ p: 6, q: 4, gamma: 15 });
 */
export function createGammaGammaLikelihood(data: SpendData): GammaGammaLikelihood {
  const slotOfX = new Map<number, number>();
  const xs: number[] = [];
  const countOfX: number[] = [];
  const sumLogMOfX: number[] = [];
  let customers = 0;
  for (let i = 0; i < data.x.length; i++) {
    const xi = data.x[i]!;
    const w = data.weight[i]!;
    let slot = slotOfX.get(xi);
    if (slot === undefined) {
      slot = xs.length;
      slotOfX.set(xi, slot);
      xs.push(xi);
      countOfX.push(0);
      sumLogMOfX.push(0);
    }
    countOfX[slot]! += w;
    sumLogMOfX[slot]! += w * Math.log(data.monetary[i]!);
    customers += w;
  }
  const { x, monetary, weight } = data;

  const evaluate = ({ p, q, gamma }: GammaGammaParams, gradient?: Float64Array): number => {
    if (!(p > 0 && q > 0 && gamma > 0)) return NaN;
    const logGammaRate = Math.log(gamma);
    let total = customers * (q * logGammaRate - logGamma(q));
    let dP = 0;
    let dQ = customers * (logGammaRate - digamma(q));
    let dGamma = (customers * q) / gamma;
    for (let k = 0; k < xs.length; k++) {
      const xk = xs[k]!;
      const ck = countOfX[k]!;
      const px = p * xk;
      const logX = Math.log(xk);
      total += ck * (logGamma(px + q) - logGamma(px) + px * logX) + (px - 1) * sumLogMOfX[k]!;
      if (gradient !== undefined) {
        const psiPQ = digamma(px + q);
        dP += ck * xk * (psiPQ - digamma(px) + logX) + xk * sumLogMOfX[k]!;
        dQ += ck * psiPQ;
      }
    }
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const w = weight[i]!;
      const shape = p * xi + q;
      const scale = gamma + monetary[i]! * xi;
      const logScale = Math.log(scale);
      total -= w * shape * logScale;
      if (gradient !== undefined) {
        dP -= w * xi * logScale;
        dQ -= w * logScale;
        dGamma -= (w * shape) / scale;
      }
    }
    if (gradient !== undefined) {
      gradient[0] = dP;
      gradient[1] = dQ;
      gradient[2] = dGamma;
    }
    return total;
  };
  return { customers, evaluate };
}
