// Asymptotic standard errors of positive maximum-likelihood estimates from the observed information.

import { centralGradient, finiteDifferenceHessian, solvePositiveDefinite } from './hessian.js';

/**
 * Returns asymptotic standard errors of a maximum-likelihood estimate of positive parameters.
 *
 * The observed information is the negated central-difference Hessian of `logLikelihood` over
 * log-parameters (second differences with step 1e-3, i.e. 0.1 % of each parameter), inverted by
 * Cholesky factorisation (`hessian.ts`, shared with the Newton steps of the fits); the delta method
 * maps SE(ln θ) to SE(θ) = θ·SE(ln θ). `logLikelihood` must be the TOTAL log-likelihood (not a
 * mean) and `estimate` its maximiser. Every entry is NaN when the information is not positive
 * definite (the likelihood is flat or not at a maximum there). Never throws.
 *
 * @example
 * standardErrors(([r, alpha, a, b]) => bgNbdLogLikelihood({ r, alpha, a, b }, data), [fit.r, fit.alpha, fit.a, fit.b]);
 */
export function standardErrors(
  logLikelihood: (params: number[]) => number,
  estimate: readonly number[],
): Float64Array {
  const n = estimate.length;
  const h = 5e-4; // the gradient's and the Hessian's steps add up to second differences 1e-3 wide
  const negative = (theta: Float64Array) => -logLikelihood(Array.from(theta, Math.exp));
  const information = finiteDifferenceHessian(centralGradient(negative, h), Float64Array.from(estimate, Math.log), h);
  return Float64Array.from(estimate, (value, i) => {
    const unit = new Float64Array(n);
    unit[i] = 1;
    const variance = solvePositiveDefinite(information, unit)?.[i];
    return variance !== undefined && variance > 0 ? value * Math.sqrt(variance) : NaN;
  });
}
