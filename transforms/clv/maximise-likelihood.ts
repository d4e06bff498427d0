// Two-stage maximum-likelihood driver shared by the CLV models: Nelder-Mead for robustness, Newton for precision.

import { nelderMead } from './nelder-mead.js';
import { newtonPolish } from './newton-polish.js';
import type { DifferentiableObjective } from './newton-polish.js';

/** A model's negative mean log-likelihood over log-parameters, on the full data and optionally a subsample. */
export interface LikelihoodProblem {
  /** Objective on all the data; must fill the gradient (w.r.t. the log-parameters) when asked. */
  readonly objective: DifferentiableObjective;
  /** Cheaper objective on a subsample, used only to find the starting point for the full data. */
  readonly warmUp?: DifferentiableObjective;
  /** Starting log-parameter vectors for the Nelder-Mead stage. */
  readonly starts: readonly (readonly number[])[];
  /** Iteration cap for each Nelder-Mead run. */
  readonly maxIterations: number;
  /**
   * Log-parameters of an earlier fit on similar data (yesterday's run): Newton starts there and, when it reaches
   * the gradient test within {@link WARM_NEWTON_STEPS} steps, the Nelder-Mead stage is skipped. Otherwise the
   * cold path runs as if none had been given.
   */
  readonly warmStart?: readonly number[];
}

/** Result of {@link maximiseLikelihood}, in log-parameters. */
export interface LikelihoodOptimum {
  readonly theta: Float64Array;
  /** Negative mean log-likelihood at `theta` on the full data. */
  readonly value: number;
  /** True when the Nelder-Mead stage met its tolerances and the Newton stage met its gradient test. */
  readonly converged: boolean;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when the optimum came from `warmStart` without the Nelder-Mead stage. */
  readonly warm: boolean;
}

const MAX_RESTARTS = 4;
/** A warm start further than this many Newton steps from the optimum is not near enough: the cold path runs. */
export const WARM_NEWTON_STEPS = 12;
/**
 * Both paths polish to this gradient, far below the 1e-8 a fit needs, so a warm and a cold fit on the same data meet
 * at the same point to ~1e-10 (Newton converges quadratically: the extra step or two costs a few passes).
 */
const POLISH_TOLERANCE = 1e-11;

/**
 * Minimises a negative mean log-likelihood over log-parameters.
 *
 * Stage 1 runs Nelder-Mead from every start (on the subsample when given), keeps the best and
 * restarts it with a fresh simplex until a restart stops improving, which guards against the
 * simplex collapsing early. Stage 2 refines that point on the full data with damped Newton steps
 * and requires a near-zero gradient, so `converged` certifies a stationary point of the full
 * likelihood. Never throws on its own; exceptions from the objectives propagate. With `warmStart`, stage 1 is
 * skipped when Newton from that point converges quickly (the daily run, whose data moved by a day).
 *
 * @example
 * maximiseLikelihood({ objective, starts: [[0, 0, 0, 0]], maxIterations: 5000 }).theta.map(Math.exp);
 */
export function maximiseLikelihood(problem: LikelihoodProblem): LikelihoodOptimum {
  let spent = 0;
  if (problem.warmStart !== undefined) {
    // The fit's own test (1e-8) decides whether the warm start was near enough; then on to the common tolerance, as
    // the cold path does. Asking 1e-11 of the warm path itself failed it at 1M customers, where rounding in the sums
    // leaves a gradient of ~3e-11, and every daily run searched from scratch (5 s).
    const warm = newtonPolish(problem.objective, problem.warmStart, { maxIterations: WARM_NEWTON_STEPS });
    if (warm.converged) {
      const final = tighten(problem.objective, warm);
      return { theta: final.x, value: final.value, converged: true, iterations: warm.iterations + final.extraIterations, evaluations: warm.evaluations + final.extraEvaluations, warm: true };
    }
    spent = warm.evaluations;
  }
  const stageOne = problem.warmUp ?? problem.objective;
  const value = (theta: Float64Array): number => stageOne(theta);
  const options = { maxIterations: problem.maxIterations };
  let iterations = 0;
  let evaluations = 0;
  let best: ReturnType<typeof nelderMead> | undefined;
  for (const start of problem.starts) {
    const run = nelderMead(value, start, options);
    iterations += run.iterations;
    evaluations += run.evaluations;
    if (best === undefined || run.value < best.value) best = run;
  }
  if (best === undefined) throw new RangeError('maximiseLikelihood: at least one start is required');
  let simplexConverged = best.converged;
  for (let restart = 0; restart < MAX_RESTARTS; restart++) {
    const run = nelderMead(value, best.x, { ...options, initialStep: 0.1 });
    iterations += run.iterations;
    evaluations += run.evaluations;
    const improvement = best.value - run.value;
    if (run.value < best.value) best = run;
    simplexConverged = run.converged;
    if (improvement <= 1e-9) break;
  }
  const polished = newtonPolish(problem.objective, best.x);
  const final = polished.converged ? tighten(problem.objective, polished) : { ...polished, extraIterations: 0, extraEvaluations: 0 };
  return {
    theta: final.x,
    value: final.value,
    converged: simplexConverged && polished.converged,
    iterations: iterations + polished.iterations + final.extraIterations,
    evaluations: spent + evaluations + polished.evaluations + final.extraEvaluations,
    warm: false,
  };
}

/** Past the 1e-8 test, on to the common tolerance (a step or two): where that fails, the 1e-8 point stands. */
function tighten(objective: DifferentiableObjective, point: { readonly x: Float64Array; readonly value: number }) {
  const tight = newtonPolish(objective, point.x, { gradientTolerance: POLISH_TOLERANCE, maxIterations: 5 });
  return tight.converged
    ? { x: tight.x, value: tight.value, extraIterations: tight.iterations, extraEvaluations: tight.evaluations }
    : { x: point.x, value: point.value, extraIterations: tight.iterations, extraEvaluations: tight.evaluations };
}
