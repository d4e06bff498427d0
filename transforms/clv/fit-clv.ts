// Top-level CLV fit: BG/NBD and Gamma-Gamma on one customer summary, plus the holdout check when available.

import { fitBgNbd } from './bg-nbd.js';
import { ClvError } from './clv-error.js';
import { fitClvOptionsSchema, parseOptions } from './clv-options.js';
import type { FitClvOptions } from './clv-options.js';
import { compressTriples } from './compress-triples.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { assertValidHoldout, holdoutComparison } from './holdout-comparison.js';
import type { HoldoutComparison } from './holdout-comparison.js';

/** Per-customer inputs of {@link fitClv}; a `CustomerSummary` from `summarizeTransactions` fits. */
export interface ClvFitInput {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** Mean value of the repeat transactions (first purchase excluded); ignored when x = 0. */
  readonly monetary: ArrayLike<number>;
  /** Actual holdout repeat purchases; compared with predictions when `holdoutLength` is also given. */
  readonly holdoutPurchases?: ArrayLike<number>;
  readonly holdoutLength?: number;
}

/** Result of {@link fitClv}. The field names are a public contract. */
export interface ClvFitResult {
  readonly customers: number;
  readonly bgnbd: {
    readonly r: number;
    readonly alpha: number;
    readonly a: number;
    readonly b: number;
    readonly logLikelihood: number;
    readonly converged: boolean;
  };
  readonly gammaGamma: {
    readonly p: number;
    readonly q: number;
    readonly gamma: number;
    readonly logLikelihood: number;
    /** Customers with at least one repeat purchase, on which the spend model is fitted. */
    readonly customers: number;
  };
  /** Present when the input has both `holdoutPurchases` and `holdoutLength`. */
  readonly holdout?: HoldoutComparison;
  /** With `nonPositiveSpend: 'skip'`: repeat customers left out of the spend model. */
  readonly spendSkipped?: number;
}

/** Result of {@link fitClv} with `spend: false` (or a boolean only known at run time): `gammaGamma` may be null. */
export type ClvFitResultMaybeSpend = Omit<ClvFitResult, 'gammaGamma'> & { readonly gammaGamma: ClvFitResult['gammaGamma'] | null };

/**
 * Fits BG/NBD on (x, t_x, T) and Gamma-Gamma on (x, mean repeat spend) and, when the summary has a
 * holdout, compares predicted with actual holdout repeat purchases.
 *
 * BG/NBD non-convergence is reported in `bgnbd.converged`. The contract has no such flag for the
 * spend model, so a Gamma-Gamma fit that does not converge throws instead of returning numbers
 * nobody should use. The result is plain, JSON-ready data.
 *
 * With `spend: false` only BG/NBD is fitted and `gammaGamma` is null; with `nonPositiveSpend: 'skip'`
 * repeat customers whose mean repeat value is not positive are left out of the spend model.
 *
 * @throws ClvError for invalid options or per-customer data (stage, field and row in the message),
 *   when only one of holdoutPurchases/holdoutLength is given, when no customer has a repeat
 *   purchase, or when the Gamma-Gamma fit does not converge. All input checks run before fitting.
 * @example
 * const result = fitClv(summarizeTransactions(rows, { period: 'week', calibrationEnd: '1997-09-30' }));
 * // result.bgnbd.r, result.gammaGamma.p, …
 */
export function fitClv(summary: ClvFitInput, options?: FitClvOptions & { readonly spend?: true }): ClvFitResult;
export function fitClv(summary: ClvFitInput, options: FitClvOptions): ClvFitResultMaybeSpend;
export function fitClv(summary: ClvFitInput, options: FitClvOptions = {}): ClvFitResultMaybeSpend {
  const parsed = parseOptions(fitClvOptionsSchema, options, 'fitClv');
  if ((summary.holdoutPurchases === undefined) !== (summary.holdoutLength === undefined)) {
    throw new ClvError({ stage: 'fitClv', field: 'holdoutLength' }, 'holdoutPurchases and holdoutLength go together');
  }
  if (summary.holdoutPurchases !== undefined && summary.holdoutLength !== undefined) {
    assertValidHoldout('fitClv', summary.x.length, summary.holdoutPurchases, summary.holdoutLength);
  }
  // Every input check (triples, then spend) runs before the slower BG/NBD fit.
  const triples = compressTriples(summary.x, summary.tx, summary.T);
  let spendX: ArrayLike<number> = summary.x;
  let spendSkipped: { spendSkipped?: number } = {};
  if (parsed.nonPositiveSpend === 'skip' && parsed.spend !== false) {
    // A customer with x = 0 is outside the spend model, so zeroing x leaves exactly these out.
    const kept = Float64Array.from(summary.x, (xi, i) => (summary.monetary[i]! > 0 ? xi : 0));
    let skipped = 0;
    for (let i = 0; i < kept.length; i++) if (summary.x[i]! > 0 && kept[i] === 0) skipped++;
    spendX = kept;
    spendSkipped = { spendSkipped: skipped };
  }
  const spend = parsed.spend === false ? null : fitGammaGamma(spendX, summary.monetary, { maxIterations: parsed.maxIterations });
  if (spend && !spend.converged) {
    throw new ClvError(
      { stage: 'fitClv', field: 'gammaGamma' },
      `spend model did not converge after ${spend.iterations} iterations (p=${spend.p}, q=${spend.q}, gamma=${spend.gamma})`,
    );
  }
  const bgnbd = fitBgNbd(triples, { maxIterations: parsed.maxIterations });
  const holdout =
    summary.holdoutPurchases !== undefined && summary.holdoutLength !== undefined
      ? { holdout: holdoutComparison(bgnbd, { ...summary, holdoutPurchases: summary.holdoutPurchases }, summary.holdoutLength) }
      : {};
  return {
    customers: summary.x.length,
    bgnbd: {
      r: bgnbd.r,
      alpha: bgnbd.alpha,
      a: bgnbd.a,
      b: bgnbd.b,
      logLikelihood: bgnbd.logLikelihood,
      converged: bgnbd.converged,
    },
    gammaGamma: spend && {
      p: spend.p,
      q: spend.q,
      gamma: spend.gamma,
      logLikelihood: spend.logLikelihood,
      customers: spend.customers,
    },
    ...holdout,
    ...spendSkipped,
  };
}
