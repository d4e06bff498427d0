// BG/NBD log-likelihood and its gradient over weighted (x, t_x, T) triples, in log-sum-exp form.

import type { WeightedTriples } from './compress-triples.js';
import { digamma } from './digamma.js';
import { logGamma } from './log-gamma.js';

/** BG/NBD parameters: purchase rate λ ~ Gamma(r, rate α), dropout probability p ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Pre-grouped data able to evaluate the log-likelihood and its gradient repeatedly. */
export interface BgNbdLikelihood {
  /** Sum of the weights (number of customers). */
  readonly customers: number;
  /**
   * Total log-likelihood at (r, α, a, b); when `gradient` is given, writes ∂LL/∂(r, α, a, b) into it.
   * Returns NaN for non-positive parameters.
   */
  evaluate(params: BgNbdParams, gradient?: Float64Array): number;
}

/**
 * Returns the total BG/NBD log-likelihood Σ count · ln L(r, α, a, b | x, t_x, T).
 *
 * Uses the log-sum-exp form ln L = A₁ + A₂ + ln(e^{A₃} + δ_{x>0} e^{A₄}) with
 * A₁ = ln Γ(r+x) − ln Γ(r) + r ln α, A₂ = ln B(a, b+x) − ln B(a, b),
 * A₃ = −(r+x) ln(α+T) and A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 * Returns NaN for non-positive parameters; does not validate `data`.
 *
 * @example
 * bgNbdLogLikelihood({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, compressTriples([1], [2], [39]));
 */
export function bgNbdLogLikelihood(params: BgNbdParams, data: WeightedTriples): number {
  return createBgNbdLikelihood(data).evaluate(params);
}

/**
 * Groups `data` once so that each later evaluation costs one log, one exp and one log1p per
 * distinct triple with repeat purchases: terms depending only on x are computed per distinct x,
 * and ln(α+T) per distinct T. Does not validate `data`.
 *
 * @example
 * const likelihood = createBgNbdLikelihood(compressTriples(x, tx, T));
 * likelihood.evaluate({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 });
 */
export function createBgNbdLikelihood(data: WeightedTriples): BgNbdLikelihood {
  const rows = data.x.length;
  const xGroups = groupDistinct(data.x, data.count);
  const tGroups = groupDistinct(data.T, data.count);
  const { x, tx, count } = data;
  const xs = xGroups.values;
  const countOfX = xGroups.weight;
  const dropTerm = new Float64Array(xs.length);
  const logAlphaT = new Float64Array(tGroups.values.length);
  const invAlphaT = new Float64Array(tGroups.values.length);

  const evaluate = ({ r, alpha, a, b }: BgNbdParams, gradient?: Float64Array): number => {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
    const logA = Math.log(a);
    let total = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    total *= xGroups.total;
    for (let k = 0; k < xs.length; k++) {
      const xk = xs[k]!;
      total += countOfX[k]! * (logGamma(r + xk) + logGamma(b + xk) - logGamma(a + b + xk));
      dropTerm[k] = xk > 0 ? logA - Math.log(b + xk - 1) : 0;
    }
    for (let k = 0; k < logAlphaT.length; k++) {
      logAlphaT[k] = Math.log(alpha + tGroups.values[k]!);
      invAlphaT[k] = 1 / (alpha + tGroups.values[k]!);
    }
    // Weighted sums feeding the gradient: ln(α+·), (r+x)/(α+·), w and w/(b+x−1), where w is the
    // posterior weight of the "dropped out after the last purchase" path.
    let sumLog = 0;
    let sumInv = 0;
    let sumW = 0;
    let sumWb = 0;
    const wantGradient = gradient !== undefined;
    for (let i = 0; i < rows; i++) {
      const xi = x[i]!;
      const rx = r + xi;
      const tSlot = tGroups.slot[i]!;
      const a3 = -rx * logAlphaT[tSlot]!;
      const c = count[i]!;
      if (xi === 0) {
        total += c * a3;
        if (wantGradient) {
          sumLog += c * logAlphaT[tSlot]!;
          sumInv += c * rx * invAlphaT[tSlot]!;
        }
        continue;
      }
      const logAlphaTx = Math.log(alpha + tx[i]!);
      const a4 = dropTerm[xGroups.slot[i]!]! - rx * logAlphaTx;
      const e = Math.exp(-Math.abs(a4 - a3));
      total += c * (Math.max(a3, a4) + Math.log1p(e));
      if (wantGradient) {
        const w = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
        sumLog += c * ((1 - w) * logAlphaT[tSlot]! + w * logAlphaTx);
        sumInv += c * rx * ((1 - w) * invAlphaT[tSlot]! + w / (alpha + tx[i]!));
        sumW += c * w;
        sumWb += (c * w) / (b + xi - 1);
      }
    }
    if (gradient !== undefined) {
      const n = xGroups.total;
      let dR = n * (Math.log(alpha) - digamma(r)) - sumLog;
      let dA = n * digamma(a + b) + sumW / a;
      let dB = n * (digamma(a + b) - digamma(b)) - sumWb;
      for (let k = 0; k < xs.length; k++) {
        const xk = xs[k]!;
        const ck = countOfX[k]!;
        const psiABX = digamma(a + b + xk);
        dR += ck * digamma(r + xk);
        dA -= ck * psiABX;
        dB += ck * (digamma(b + xk) - psiABX);
      }
      gradient[0] = dR;
      gradient[1] = (n * r) / alpha - sumInv;
      gradient[2] = dA;
      gradient[3] = dB;
    }
    return total;
  };
  return { customers: xGroups.total, evaluate };
}

interface DistinctGroups {
  readonly values: Float64Array;
  readonly weight: Float64Array;
  readonly slot: Uint32Array;
  readonly total: number;
}

function groupDistinct(values: Float64Array, count: Float64Array): DistinctGroups {
  const slotOf = new Map<number, number>();
  const slot = new Uint32Array(values.length);
  const distinct: number[] = [];
  const weight: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let s = slotOf.get(v);
    if (s === undefined) {
      s = distinct.length;
      slotOf.set(v, s);
      distinct.push(v);
      weight.push(0);
    }
    slot[i] = s;
    weight[s]! += count[i]!;
    total += count[i]!;
  }
  return { values: Float64Array.from(distinct), weight: Float64Array.from(weight), slot, total };
}
