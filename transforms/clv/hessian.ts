// The one numerical Hessian and the one linear solver of the CLV fits: Newton steps and standard errors both use them.

/** Writes the gradient of a function at `x` into `out`. */
export type GradientAt = (x: Float64Array, out: Float64Array) => void;

/**
 * The central-difference gradient of `f` with step `h`, for functions without an analytic gradient.
 * @example finiteDifferenceHessian(centralGradient(f, 5e-4), x, 5e-4) // second differences of f
 */
export function centralGradient(f: (x: Float64Array) => number, h: number): GradientAt {
  return (x, out) => {
    const probe = Float64Array.from(x);
    for (let i = 0; i < x.length; i++) {
      probe[i] = x[i]! + h;
      const up = f(probe);
      probe[i] = x[i]! - h;
      out[i] = (up - f(probe)) / (2 * h);
      probe[i] = x[i]!;
    }
  };
}

/**
 * The finite-difference Hessian of a function from its gradient, symmetrised. With `gradientAtX` (the gradient at
 * `x`, already known to a Newton step) it takes forward differences: n more gradient calls; without, central
 * differences: 2n calls, second-order accurate. Never throws; entries are NaN where the gradient is.
 * @example finiteDifferenceHessian((p, g) => objective(p, g), x, 1e-5, gradient)
 */
export function finiteDifferenceHessian(gradientAt: GradientAt, x: ArrayLike<number>, step: number, gradientAtX?: Float64Array): Float64Array[] {
  const n = x.length;
  const hessian = Array.from({ length: n }, () => new Float64Array(n));
  const probe = Float64Array.from(x);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    probe[j] = x[j]! + step;
    gradientAt(probe, up);
    if (gradientAtX) down.set(gradientAtX);
    else {
      probe[j] = x[j]! - step;
      gradientAt(probe, down);
    }
    probe[j] = x[j]!;
    const width = gradientAtX ? step : 2 * step;
    for (let i = 0; i < n; i++) hessian[i]![j] = (up[i]! - down[i]!) / width;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) hessian[i]![j] = hessian[j]![i] = 0.5 * (hessian[i]![j]! + hessian[j]![i]!);
  }
  return hessian;
}

/**
 * Solves A·x = b for a symmetric positive-definite A by Cholesky factorisation; undefined when A is not positive
 * definite (a Newton step then falls back to steepest descent; a standard error is NaN).
 * @example solvePositiveDefinite([Float64Array.of(2)], Float64Array.of(4)) // [2]
 */
export function solvePositiveDefinite(a: readonly Float64Array[], b: ArrayLike<number>): Float64Array | undefined {
  const n = b.length;
  const lower = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        lower[i]![i] = Math.sqrt(sum);
      } else {
        lower[i]![j] = sum / lower[j]![j]!;
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i]![k]! * y[k]!;
    y[i] = sum / lower[i]![i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= lower[k]![i]! * x[k]!;
    x[i] = sum / lower[i]![i]!;
  }
  return x;
}
