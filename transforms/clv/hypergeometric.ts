// Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for the BG/NBD expectations.

/** Options for {@link hypergeometric2F1}. */
export interface Hypergeometric2F1Options {
  /** Relative accuracy at which the series is truncated (default 1e-15). */
  readonly tolerance?: number;
  /** Number of terms after which the evaluation gives up (default 1,000,000). */
  readonly maxTerms?: number;
}

/**
 * Evaluates the Gauss hypergeometric function 2F1(a, b; c; z) = Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ for |z| < 1.
 *
 * The series is summed until the estimated tail (the last term times ρ/(1 − ρ), with ρ the larger of
 * the current term ratio and |z|) falls below `tolerance` times the partial sum. Terms shrink like
 * |z|ⁿ, so z close to 1 needs many terms; callers in this folder apply Euler's transformation first
 * so that c − a − b > 0 and the terms also decay polynomially. Terminates early when a or b is a
 * non-positive integer (the series is then a polynomial).
 *
 * @throws RangeError when |z| ≥ 1, when c is a non-positive integer, or when the series has not
 *   converged after `maxTerms` terms.
 * @example
 * hypergeometric2F1(1, 1, 2, 0.5); // −ln(1 − 0.5) / 0.5 ≈ 1.3862943611198906
 */
export function hypergeometric2F1(
  a: number,
  b: number,
  c: number,
  z: number,
  options: Hypergeometric2F1Options = {},
): number {
  const tolerance = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 1_000_000;
  if (!(Math.abs(z) < 1)) {
    throw new RangeError(`hypergeometric2F1: |z| must be < 1 for the power series, got z = ${z}`);
  }
  if (c <= 0 && Number.isInteger(c)) {
    throw new RangeError(`hypergeometric2F1: c must not be a non-positive integer, got c = ${c}`);
  }
  const absZ = Math.abs(z);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    term *= ratio * z;
    sum += term;
    if (term === 0) return sum;
    const rho = Math.max(Math.abs(ratio * z), absZ);
    if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= tolerance * Math.abs(sum)) return sum;
  }
  throw new RangeError(
    `hypergeometric2F1: series for (a=${a}, b=${b}, c=${c}, z=${z}) did not converge in ${maxTerms} terms`,
  );
}
