// Damped Newton refinement from a nearby start, using an analytic gradient and a finite-difference Hessian.

import { finiteDifferenceHessian, solvePositiveDefinite } from './hessian.js';

/** Objective that returns its value and, when `gradient` is given, writes the gradient into it. */
export type DifferentiableObjective = (point: Float64Array, gradient?: Float64Array) => number;

/** Options for {@link newtonPolish}. */
export interface NewtonPolishOptions {
  /** Converged when every gradient component is at most this in absolute value (default 1e-8). */
  readonly gradientTolerance?: number;
  /** Maximum Newton steps (default 50). */
  readonly maxIterations?: number;
}

/** Outcome of {@link newtonPolish}. */
export interface NewtonPolishResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** Whether the gradient tolerance was met. */
  readonly converged: boolean;
}

const HESSIAN_STEP = 1e-5;

/**
 * Minimises a smooth objective from a start close to the optimum with damped Newton steps.
 *
 * The Hessian is the symmetrised central difference of the analytic gradient (2n + 1 gradient
 * evaluations per step), so each step costs a handful of passes over the data while Nelder-Mead
 * needs hundreds to reach the same precision. Central, not forward: second-order accurate, for
 * likelihoods as ill-conditioned as Gamma-Gamma's at 1M customers (p, q and γ move together). A
 * backtracking (Armijo) line search keeps every step downhill, to the value's rounding (below);
 * where the Hessian is not positive definite the step falls back to steepest descent.
 * Never throws on its own.
 *
 * @example
 * const f = (p: Float64Array, g?: Float64Array) => { if (g) g[0] = 2 * (p[0]! - 3); return (p[0]! - 3) ** 2; };
 * newtonPolish(f, [0]).x; // [3]
 */
export function newtonPolish(
  objective: DifferentiableObjective,
  start: ArrayLike<number>,
  options: NewtonPolishOptions = {},
): NewtonPolishResult {
  const n = start.length;
  const tolerance = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 50;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (Number.isFinite(value) && maxAbs(gradient) <= tolerance) {
      return { x, value, iterations, evaluations, converged: true };
    }
    const hessian = finiteDifferenceHessian((p, g) => void objective(p, g), x, HESSIAN_STEP);
    evaluations += 2 * n;
    let direction = solvePositiveDefinite(hessian, gradient.map((g) => -g));
    let slope = direction === undefined ? 0 : dot(direction, gradient);
    if (direction === undefined || !(slope < 0)) {
      direction = gradient.map((g) => -g);
      slope = dot(direction, gradient);
    }
    let step = 1;
    let accepted = false;
    const nextGradient = new Float64Array(n);
    for (let halvings = 0; halvings < 40; halvings++, step /= 2) {
      const candidate = x.map((xi, i) => xi + step * direction[i]!);
      const candidateValue = objective(candidate, nextGradient);
      evaluations++;
      // Next to the optimum the decrease g·H⁻¹·g drops below the rounding error of the value, so a
      // step is also accepted when the value is unchanged to rounding and the gradient shrank. That
      // rounding is ~2e-12 relative, not machine epsilon: the log-likelihoods sum log-gamma terms of
      // hundreds that cancel. At 1e-13 the Gamma-Gamma fit of 280k customers stalled at a gradient of
      // ~1e-7 in some runs and not others (the last bits of the spend sums decided), so it was called
      // unconverged and the spend model dropped; at 1e-10 (a total log-likelihood change of ~1e-4
      // over those customers) every run converges.
      const armijo = candidateValue <= value + 1e-4 * step * slope;
      const flat = candidateValue <= value + 1e-10 * (1 + Math.abs(value)) && maxAbs(nextGradient) < maxAbs(gradient);
      if (Number.isFinite(candidateValue) && (armijo || flat)) {
        x = candidate;
        value = candidateValue;
        gradient = nextGradient;
        accepted = true;
        break;
      }
    }
    if (!accepted) break; // no downhill step at machine precision: report the gradient test below
  }
  return { x, value, iterations, evaluations, converged: Number.isFinite(value) && maxAbs(gradient) <= tolerance };
}

function dot(u: Float64Array, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += u[i]! * v[i]!;
  return sum;
}

function maxAbs(v: Float64Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  return max;
}
