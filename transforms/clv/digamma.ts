// Digamma function ψ(z) = d/dz ln Γ(z), needed for the analytic likelihood gradients.

/**
 * Returns ψ(z) for z > 0: recurrence ψ(z) = ψ(z+1) − 1/z up to z ≥ 10, then the asymptotic series
 * (absolute error below 1e-13). Returns NaN for z ≤ 0; never throws.
 *
 * @example
 * digamma(1); // −0.5772156649015329 (minus the Euler-Mascheroni constant)
 */
export function digamma(z: number): number {
  if (!(z > 0)) return NaN;
  let shift = 0;
  while (z < 10) {
    shift -= 1 / z;
    z += 1;
  }
  const inv2 = 1 / (z * z);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return shift + Math.log(z) - 0.5 / z - series;
}
