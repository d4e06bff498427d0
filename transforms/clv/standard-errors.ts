// Asymptotic standard errors of positive maximum-likelihood estimates from the observed information.

/**
 * Returns asymptotic standard errors of a maximum-likelihood estimate of positive parameters.
 *
 * The observed information is the negated central-difference Hessian of `logLikelihood` over
 * log-parameters (step 1e-3, i.e. 0.1 % of each parameter), inverted by Gauss-Jordan elimination;
 * the delta method maps SE(ln θ) to SE(θ) = θ·SE(ln θ). `logLikelihood` must be the TOTAL
 * log-likelihood (not a mean) and `estimate` its maximiser. An entry is NaN when its variance does
 * not come out positive (the Hessian is singular or not negative definite there). Never throws.
 *
 * @example
 * standardErrors(([r, alpha, a, b]) => bgNbdLogLikelihood({ r, alpha, a, b }, data), [fit.r, fit.alpha, fit.a, fit.b]);
 */
export function standardErrors(
  logLikelihood: (params: number[]) => number,
  estimate: readonly number[],
): Float64Array {
  const n = estimate.length;
  const h = 1e-3;
  const theta = estimate.map(Math.log);
  const at = (shift: readonly [number, number][]): number => {
    const point = [...theta];
    for (const [index, delta] of shift) point[index]! += delta;
    return logLikelihood(point.map(Math.exp));
  };
  // Information matrix (negated Hessian) augmented with the identity for Gauss-Jordan inversion.
  const rows = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(2 * n);
    row[n + i] = 1;
    return row;
  });
  const centre = at([]);
  for (let i = 0; i < n; i++) {
    rows[i]![i] = -(at([[i, h]]) - 2 * centre + at([[i, -h]])) / (h * h);
    for (let j = 0; j < i; j++) {
      const mixed = (at([[i, h], [j, h]]) - at([[i, h], [j, -h]]) - at([[i, -h], [j, h]]) + at([[i, -h], [j, -h]])) / (4 * h * h);
      rows[i]![j] = rows[j]![i] = -mixed;
    }
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    const pivotRow = rows[col]!;
    const p = pivotRow[col]!;
    if (p === 0) return new Float64Array(n).fill(NaN);
    for (let k = 0; k < 2 * n; k++) pivotRow[k]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = rows[r]![col]!;
      for (let k = 0; k < 2 * n; k++) rows[r]![k]! -= factor * pivotRow[k]!;
    }
  }
  return Float64Array.from(estimate, (value, i) => {
    const variance = rows[i]![n + i]!;
    return variance > 0 ? value * Math.sqrt(variance) : NaN;
  });
}
