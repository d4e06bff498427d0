// Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie 2013 note): fit and conditional expected spend.

import { createGammaGammaLikelihood, selectRepeatCustomers } from './gamma-gamma-likelihood.js';
import type { GammaGammaLikelihood, GammaGammaParams, SpendData } from './gamma-gamma-likelihood.js';
import { maximiseLikelihood } from './maximise-likelihood.js';
import type { DifferentiableObjective } from './newton-polish.js';
import { systematicSample } from './systematic-sample.js';

/** Fitted Gamma-Gamma parameters with the optimiser's report. */
export interface GammaGammaFit extends GammaGammaParams {
  /** Total log-likelihood of the customers' mean repeat spend at the estimate. */
  readonly logLikelihood: number;
  /** Whether the simplex stage met its tolerances and the Newton stage found a zero gradient. */
  readonly converged: boolean;
  /** Nelder-Mead plus Newton iterations over all starts and restarts. */
  readonly iterations: number;
  /** Number of customers used: those with at least one repeat purchase. */
  readonly customers: number;
  /** True when the fit started from `warmStart` and needed no Nelder-Mead stage. */
  readonly warm?: boolean;
}

/** Options for {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Starting points; the default is two starts whose mean spend matches the data's. */
  readonly starts?: readonly GammaGammaParams[];
  /** Iteration cap for each Nelder-Mead run (default 5000). */
  readonly maxIterations?: number;
  /** An earlier fit on similar data: Newton from there, Nelder-Mead only if that does not converge (same optimum). */
  readonly warmStart?: GammaGammaParams;
}

// Above this many repeat customers the Nelder-Mead stage runs on a systematic subsample.
const WARM_UP_ROWS = 20_000;

/**
 * Fits (p, q, γ) by maximum likelihood on customers with x ≥ 1 repeat purchases.
 *
 * `monetary[i]` must be the mean value of customer i's REPEAT transactions (the first purchase is
 * excluded, as in the literature and the Python `lifetimes` package) and `x[i]` their number;
 * customers with x = 0 are skipped. Optimises over log-parameters like {@link fitBgNbd}.
 *
 * @throws ClvError when the arrays differ in length, x is not a non-negative integer, a
 *   repeat customer's monetary value is not a positive finite number, or no customer has x ≥ 1.
 * @example
 * const fit = fitGammaGamma([1, 3, 0, 2], [20.5, 35.0, 0, 18.2]);
 * // fit.p, fit.q, fit.gamma, fit.customers === 3
 */
export function fitGammaGamma(
  x: ArrayLike<number>,
  monetary: ArrayLike<number>,
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const data = selectRepeatCustomers(x, monetary, 'fitGammaGamma');
  const likelihood = createGammaGammaLikelihood(data);
  let meanSpend = 0;
  for (let i = 0; i < data.monetary.length; i++) meanSpend += data.monetary[i]! / data.monetary.length;
  const starts = options.starts ?? [
    { p: 1, q: 2, gamma: meanSpend },
    { p: 5, q: 3, gamma: (2 * meanSpend) / 5 },
  ];
  const optimum = maximiseLikelihood({
    objective: logParamObjective(likelihood),
    warmUp: data.x.length > WARM_UP_ROWS ? logParamObjective(createGammaGammaLikelihood(subsample(data))) : undefined,
    starts: starts.map((s) => [Math.log(s.p), Math.log(s.q), Math.log(s.gamma)]),
    maxIterations: options.maxIterations ?? 5000,
    ...(options.warmStart ? { warmStart: [options.warmStart.p, options.warmStart.q, options.warmStart.gamma].map(Math.log) } : {}),
  });
  const [p, q, gamma] = Array.from(optimum.theta, Math.exp) as [number, number, number];
  return {
    p,
    q,
    gamma,
    logLikelihood: -optimum.value * likelihood.customers,
    converged: optimum.converged,
    iterations: optimum.iterations,
    customers: likelihood.customers,
    warm: optimum.warm,
  };
}

/**
 * Conditional expected average spend per transaction, E[M | m_x, x] = p(γ + m_x·x)/(px + q − 1).
 *
 * This is a weighted average of the population mean pγ/(q−1) and the customer's own mean m_x,
 * with weight px/(px+q−1) on m_x. For x = 0 it is the population mean, which is finite only for
 * q > 1 (returns Infinity otherwise). Does not validate its inputs.
 *
 * @example
 * conditionalExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, 2, 30); // ≈ 30.9
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, monetary: number): number {
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  return denominator > 0 ? (p * (gamma + monetary * x)) / denominator : Infinity;
}

function logParamObjective(likelihood: GammaGammaLikelihood): DifferentiableObjective {
  const raw = new Float64Array(3);
  return (theta, gradient) => {
    const params = { p: Math.exp(theta[0]!), q: Math.exp(theta[1]!), gamma: Math.exp(theta[2]!) };
    const value = likelihood.evaluate(params, gradient === undefined ? undefined : raw);
    if (gradient !== undefined) {
      const scale = -1 / likelihood.customers;
      gradient[0] = scale * raw[0]! * params.p;
      gradient[1] = scale * raw[1]! * params.q;
      gradient[2] = scale * raw[2]! * params.gamma;
    }
    return -value / likelihood.customers;
  };
}

function subsample(data: SpendData): SpendData {
  const { rows, weights } = systematicSample(data.weight, WARM_UP_ROWS);
  const pick = (column: Float64Array): Float64Array => Float64Array.from(rows, (row) => column[row]!);
  return { x: pick(data.x), monetary: pick(data.monetary), weight: weights };
}
