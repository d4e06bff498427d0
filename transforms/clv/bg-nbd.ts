// Maximum-likelihood fit of the BG/NBD purchase model (Fader, Hardie & Lee 2005) on weighted (x, t_x, T) triples.

import { createBgNbdLikelihood } from './bg-nbd-likelihood.js';
import type { BgNbdLikelihood, BgNbdParams } from './bg-nbd-likelihood.js';
import { ClvError } from './clv-error.js';
import { assertValidTriple, compressTriples } from './compress-triples.js';
import type { WeightedTriples } from './compress-triples.js';
import { maximiseLikelihood } from './maximise-likelihood.js';
import type { DifferentiableObjective } from './newton-polish.js';
import { systematicSample } from './systematic-sample.js';

/** Fitted BG/NBD parameters with the optimiser's report. */
export interface BgNbdFit extends BgNbdParams {
  /** Total log-likelihood at the estimate (sum over customers, not the mean). */
  readonly logLikelihood: number;
  /** Whether the simplex stage met its tolerances and the Newton stage found a zero gradient. */
  readonly converged: boolean;
  /** Nelder-Mead plus Newton iterations over all starts and restarts. */
  readonly iterations: number;
  /** Log-likelihood evaluations (on the warm-up subsample or the full data). */
  readonly evaluations: number;
  /** Number of customers (sum of the weights). */
  readonly customers: number;
  /** True when the fit started from `warmStart` and needed no Nelder-Mead stage. */
  readonly warm?: boolean;
}

/** Options for {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Starting points; the default is two starts derived from the data's purchase rate. */
  readonly starts?: readonly BgNbdParams[];
  /** Iteration cap for each Nelder-Mead run (default 5000). */
  readonly maxIterations?: number;
  /** An earlier fit on similar data: Newton from there, Nelder-Mead only if that does not converge (same optimum). */
  readonly warmStart?: BgNbdParams;
}

/** Unweighted per-customer triples; compressed by {@link fitBgNbd} before fitting. */
export interface Triples {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
}

// Above this many distinct triples the Nelder-Mead stage runs on a systematic subsample of this
// size; the Newton stage then moves to the full-data optimum in a few passes.
const WARM_UP_ROWS = 20_000;

/**
 * Fits (r, α, a, b) by maximum likelihood over log-parameters.
 *
 * `data` is either weighted triples (`count` present, e.g. from {@link compressTriples} or a SQL
 * GROUP BY) or plain per-customer arrays, which are compressed first. The likelihood is summed
 * over distinct triples (see {@link createBgNbdLikelihood}), so cost scales with distinct
 * histories. Nelder-Mead from several starts, restarted until it stops improving, finds the
 * optimum (on a 20,000-row subsample for larger inputs); damped Newton steps with the analytic
 * gradient then converge on the full data. `converged` requires both stages to pass.
 *
 * @throws ClvError when a triple or weight is invalid or there are no customers.
 * @example
 * const fit = fitBgNbd({ x: [2, 0, 5], tx: [30.4, 0, 35.1], T: [38.9, 38.9, 38.9] });
 * // fit.r, fit.alpha, fit.a, fit.b, fit.logLikelihood, fit.converged
 */
export function fitBgNbd(data: WeightedTriples | Triples, options: BgNbdFitOptions = {}): BgNbdFit {
  const weighted = 'count' in data ? validateWeighted(data) : compressTriples(data.x, data.tx, data.T);
  const likelihood = createBgNbdLikelihood(weighted);
  const customers = likelihood.customers;
  if (!(customers > 0)) throw new ClvError({ stage: 'fitBgNbd', field: 'count' }, 'no customers to fit');
  const starts = options.starts ?? defaultStarts(weighted);
  const optimum = maximiseLikelihood({
    objective: logParamObjective(likelihood),
    warmUp: weighted.x.length > WARM_UP_ROWS ? logParamObjective(createBgNbdLikelihood(subsample(weighted))) : undefined,
    starts: starts.map((s) => [Math.log(s.r), Math.log(s.alpha), Math.log(s.a), Math.log(s.b)]),
    maxIterations: options.maxIterations ?? 5000,
    ...(options.warmStart ? { warmStart: [options.warmStart.r, options.warmStart.alpha, options.warmStart.a, options.warmStart.b].map(Math.log) } : {}),
  });
  const [r, alpha, a, b] = Array.from(optimum.theta, Math.exp) as [number, number, number, number];
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -optimum.value * customers,
    converged: optimum.converged,
    iterations: optimum.iterations,
    evaluations: optimum.evaluations,
    customers,
    warm: optimum.warm,
  };
}

// Negative mean log-likelihood over θ = ln(r, α, a, b); the chain rule gives ∂/∂θⱼ = pⱼ ∂/∂pⱼ.
function logParamObjective(likelihood: BgNbdLikelihood): DifferentiableObjective {
  const raw = new Float64Array(4);
  return (theta, gradient) => {
    const params = { r: Math.exp(theta[0]!), alpha: Math.exp(theta[1]!), a: Math.exp(theta[2]!), b: Math.exp(theta[3]!) };
    const value = likelihood.evaluate(params, gradient === undefined ? undefined : raw);
    if (gradient !== undefined) {
      const scale = -1 / likelihood.customers;
      gradient[0] = scale * raw[0]! * params.r;
      gradient[1] = scale * raw[1]! * params.alpha;
      gradient[2] = scale * raw[2]! * params.a;
      gradient[3] = scale * raw[3]! * params.b;
    }
    return -value / likelihood.customers;
  };
}

function subsample(data: WeightedTriples): WeightedTriples {
  const { rows, weights } = systematicSample(data.count, WARM_UP_ROWS);
  const pick = (column: Float64Array): Float64Array => Float64Array.from(rows, (row) => column[row]!);
  return { x: pick(data.x), tx: pick(data.tx), T: pick(data.T), count: weights };
}

function validateWeighted(data: WeightedTriples): WeightedTriples {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || data.count.length !== n) {
    throw new ClvError({ stage: 'fitBgNbd', field: 'x/tx/T/count' }, 'arrays must have equal length');
  }
  for (let i = 0; i < n; i++) {
    assertValidTriple('fitBgNbd', i, data.x[i]!, data.tx[i]!, data.T[i]!);
    const c = data.count[i]!;
    if (!(Number.isFinite(c) && c > 0)) {
      throw new ClvError({ stage: 'fitBgNbd', field: 'count', row: i }, `expected a positive weight, got ${c}`);
    }
  }
  return data;
}

// Starts at the population's naive repeat rate (purchases per unit time, ignoring dropout), so the
// log-α coordinate begins near the data's time scale whatever the period unit is.
function defaultStarts(data: WeightedTriples): BgNbdParams[] {
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < data.x.length; i++) {
    purchases += data.count[i]! * data.x[i]!;
    exposure += data.count[i]! * data.T[i]!;
  }
  const scale = purchases > 0 && exposure > 0 ? exposure / purchases : Math.max(exposure, 1);
  return [
    { r: 1, alpha: scale, a: 1, b: 1 },
    { r: 0.25, alpha: scale / 4, a: 0.5, b: 3 },
  ];
}
