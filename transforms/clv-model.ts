// Fits BG/NBD and Gamma-Gamma for the pipeline, falling back to simpler estimates (with a warning) on degenerate data.
import { fitBgNbd, fitGammaGamma } from './clv/index.js';
import type { BgNbdFit, BgNbdParams, GammaGammaFit, GammaGammaParams, WeightedTriples } from './clv/index.js';

/** Per-customer inputs: a `WarehouseClvSummary` fits. */
export interface ClvModelInput {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** Mean repeat-transaction value (0 when x = 0). */
  readonly monetary: Float64Array;
  /** Total calibration spend, first purchase included. */
  readonly calibrationValue: Float64Array;
}

/**
 * What the fits read, aggregated: the distinct (x, t_x, T) with their customer counts, the spenders' (x, mean repeat
 * spend), and totals. At 1M customers the warehouse computes these (`clv-predictions.ts`) instead of handing Node a
 * row per customer.
 */
export interface ClvFitInput {
  readonly triples: WeightedTriples;
  /** Customers with x > 0 and a positive mean repeat spend (the Gamma-Gamma data), in customer order. */
  readonly spenders: { readonly x: Float64Array; readonly monetary: Float64Array };
  readonly customers: number;
  /** Customers with x > 0. */
  readonly repeaters: number;
  /** Calibration transactions, first purchases included (Σ x + 1). */
  readonly purchases: number;
  /** Their total value (Σ calibration value). */
  readonly value: number;
}

/** The models the predictions use, and why anything was left out. */
export interface ClvModel {
  /** Null when the purchase model could not be fitted at all (no customers, nobody repeated, or the fit failed). */
  readonly bgnbd: BgNbdFit | null;
  /** Null when the spend model was not fitted or not usable; spend then falls back to observed means. */
  readonly gammaGamma: GammaGammaFit | null;
  /** `gamma-gamma`, or `observed-mean` for the fallback. */
  readonly spendModel: 'gamma-gamma' | 'observed-mean';
  /** Mean value of all calibration transactions (first purchases included): the fallback spend of x = 0 customers. */
  readonly meanTransactionValue: number;
  /** Human-readable reasons for every fallback, recorded in `clv_models.warnings`. */
  readonly warnings: readonly string[];
}

/** Parameters of an earlier fit to start from (see `maximiseLikelihood`): same optimum, a fraction of the work. */
export interface ClvWarmStart {
  readonly bgnbd?: BgNbdParams;
  readonly gammaGamma?: GammaGammaParams;
}

/** Fewer repeat customers than this cannot pin down Gamma-Gamma's three parameters reliably. */
export const minSpendCustomers = 20;

/**
 * Fits both models without ever throwing on the data's shape. BG/NBD needs at least one customer with a
 * repeat purchase; a fit that does not converge is kept (its parameters are the best found) with a warning.
 * Gamma-Gamma needs {@link minSpendCustomers} repeat customers with a positive mean repeat spend, a
 * converged fit and q > 1 (else the population mean spend is infinite); otherwise the spend of a customer
 * is their own mean repeat spend, or the mean transaction value for one-time buyers.
 * `warm` (the latest stored fit) only shortens the search: the optimum is the same (see `maximiseLikelihood`).
 * Pure: no I/O, no clock.
 * @example const model = fitClvModel(input); // input: clv-predictions.ts's fitInputFromSummary
 */
export function fitClvModel(input: ClvFitInput, warm: ClvWarmStart = {}): ClvModel {
  const warnings: string[] = [];
  const meanTransactionValue = input.purchases > 0 ? input.value / input.purchases : 0;
  const bgnbd = fitPurchaseModel(input, warnings, warm.bgnbd);
  const gammaGamma = fitSpendModel(input, warnings, warm.gammaGamma);
  return { bgnbd, gammaGamma, spendModel: gammaGamma ? 'gamma-gamma' : 'observed-mean', meanTransactionValue, warnings };
}

function fitPurchaseModel(input: ClvFitInput, warnings: string[], warmStart?: BgNbdParams): BgNbdFit | null {
  const { customers: n, repeaters } = input;
  if (n === 0) {
    warnings.push('no customers with a counted order before the calibration end: no predictions');
    return null;
  }
  if (repeaters === 0) {
    warnings.push(`none of the ${n} customers made a repeat purchase: the purchase model cannot be fitted, no predictions`);
    return null;
  }
  let fit: BgNbdFit;
  try {
    fit = fitBgNbd(input.triples, warmStart ? { warmStart } : {});
  } catch (error) {
    warnings.push(`BG/NBD fit failed (${(error as Error).message}): no predictions`);
    return null;
  }
  if (![fit.r, fit.alpha, fit.a, fit.b, fit.logLikelihood].every(Number.isFinite)) {
    warnings.push(`BG/NBD fit reached non-finite parameters (r=${fit.r}, alpha=${fit.alpha}, a=${fit.a}, b=${fit.b}): no predictions`);
    return null;
  }
  if (!fit.converged) {
    warnings.push(`BG/NBD fit did not converge after ${fit.iterations} iterations; predictions use the best parameters found`);
  }
  return fit;
}

function fitSpendModel(input: ClvFitInput, warnings: string[], warmStart?: GammaGammaParams): GammaGammaFit | null {
  const customers = input.spenders.x.length;
  const fallback = 'spend falls back to each customer\'s mean repeat spend (the mean transaction value for one-time buyers)';
  if (customers < minSpendCustomers) {
    warnings.push(`only ${customers} customers with repeat purchases (at least ${minSpendCustomers} needed for Gamma-Gamma): ${fallback}`);
    return null;
  }
  let fit: GammaGammaFit;
  try {
    fit = fitGammaGamma(input.spenders.x, input.spenders.monetary, warmStart ? { warmStart } : {});
  } catch (error) {
    warnings.push(`Gamma-Gamma fit failed (${(error as Error).message}): ${fallback}`);
    return null;
  }
  if (!fit.converged || ![fit.p, fit.q, fit.gamma].every(Number.isFinite)) {
    warnings.push(`Gamma-Gamma fit did not converge (p=${fit.p}, q=${fit.q}, gamma=${fit.gamma}): ${fallback}`);
    return null;
  }
  if (!(fit.q > 1)) {
    warnings.push(`Gamma-Gamma fit has q=${fit.q} <= 1, so the population mean spend is infinite: ${fallback}`);
    return null;
  }
  return fit;
}
