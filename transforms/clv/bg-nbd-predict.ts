// Closed-form BG/NBD predictions: P(alive), expected purchases (conditional and unconditional) and P(X(t) = n).

import type { BgNbdParams } from './bg-nbd-likelihood.js';
import { hypergeometric2F1 } from './hypergeometric.js';
import { logBeta, logGamma } from './log-gamma.js';

/**
 * Probability that a customer with history (x, t_x, T) is still active at T (FHL 2005, eq. 13):
 * 1 / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}).
 *
 * Customers without repeat purchases are alive with probability 1, because BG/NBD only lets a
 * customer drop out right after a repeat purchase. Does not validate its inputs.
 *
 * @example
 * probabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 30.43, 38.86); // ≈ 0.73
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected number of repeat purchases in (0, t] for a new customer (FHL 2005, eq. 9):
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))].
 *
 * Evaluated through Euler's transformation, (α/(α+t))^r ₂F₁(r, b; a+b−1; z) =
 * (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; a+b−1; z), whose series has small parameters and cannot overflow.
 * The expression is 0/0 at a = 1 exactly, so a within about 1e-8 of 1 loses precision.
 *
 * @throws RangeError from the ₂F₁ series only for absurd inputs (t = ∞ or non-finite parameters).
 * @example
 * expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39); // ≈ 1.20 repeat purchases
 */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  const discounted = Math.pow(1 - z, a - 1) * hypergeometric2F1(a + b - 1 - r, a - 1, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * (1 - discounted);
}

/**
 * Expected repeat purchases in (T, T + t] for a customer with history (x, t_x, T) (FHL 2005, eq. 10):
 * E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; z)]
 * / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}), with z = t/(α+T+t).
 *
 * The bracket uses Euler's transformation, ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; z) =
 * (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; a+b+x−1; z), which stays finite for customers with hundreds of
 * purchases and converges quickly even for long horizons. Same a ≈ 1 caveat as
 * {@link expectedPurchases}. Does not validate its inputs.
 *
 * @example
 * conditionalExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 2, 30.43, 38.86); // ≈ 1.23
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  return expectedPurchasesIfAlive(params, t, x, T) * probabilityAlive(params, x, tx, T);
}

/**
 * The expected repeat purchases in (T, T + t] of a customer with x repeat purchases by T who is still alive at T: the
 * bracket of {@link conditionalExpectedPurchases} (which multiplies it by P(alive)), for t > 0. It does not depend on
 * t_x, so a caller with many histories evaluates its ₂F₁ series once per (x, T), not once per (x, t_x, T).
 * @throws RangeError from the ₂F₁ series, as {@link conditionalExpectedPurchases}.
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const discounted = Math.pow(1 - z, a - 1) * hypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - discounted);
}

/**
 * Probability that a new customer makes exactly n repeat purchases in (0, t] (FHL 2005, eq. 8):
 * P(X(t)=n) = B(a, b+n)/B(a, b) · Γ(r+n)/(Γ(r) n!) · (α/(α+t))^r (t/(α+t))^n
 *   + δ_{n>0} · B(a+1, b+n−1)/B(a, b) · [1 − (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j].
 *
 * The first term is the "still alive at t" path, the second the "dropped out after the n-th
 * purchase" path; the bracket is the NBD tail P(NBD ≥ n). Returns 0 for non-integer or negative n.
 *
 * @example
 * probabilityOfPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 0); // ≈ 0.57
 */
export function probabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 0)) return 0;
  if (t <= 0) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = params;
  const logKeep = Math.log(alpha / (alpha + t));
  const logGrow = Math.log(t / (alpha + t));
  const logBetaAB = logBeta(a, b);
  const alive = Math.exp(
    logBeta(a, b + n) - logBetaAB + logGamma(r + n) - logGamma(r) - logGamma(n + 1) + r * logKeep + n * logGrow,
  );
  if (n === 0) return alive;
  const w = Math.exp(logGrow);
  let term = Math.exp(r * logKeep);
  let cdf = 0;
  for (let j = 0; j < n; j++) {
    cdf += term;
    term *= ((r + j) / (j + 1)) * w;
  }
  const dropped = Math.exp(logBeta(a + 1, b + n - 1) - logBetaAB) * Math.max(0, 1 - cdf);
  return alive + dropped;
}
