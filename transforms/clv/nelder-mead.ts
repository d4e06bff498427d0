// Derivative-free Nelder-Mead simplex minimiser used to fit the CLV models on log-parameters.

/** Options for {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Edge length of the initial simplex along each axis (default 0.5, suits log-parameters). */
  readonly initialStep?: number;
  /** Maximum number of simplex iterations (default 5000). */
  readonly maxIterations?: number;
  /** Converged when all vertex values are within this of the best value (default 1e-10). */
  readonly fTolerance?: number;
  /** …and all vertices are within this distance (max-norm) of the best vertex (default 1e-7). */
  readonly xTolerance?: number;
}

/** Outcome of a {@link nelderMead} run. */
export interface NelderMeadResult {
  /** Best point found. */
  readonly x: Float64Array;
  /** Objective value at `x`. */
  readonly value: number;
  /** Simplex iterations performed. */
  readonly iterations: number;
  /** Objective evaluations performed. */
  readonly evaluations: number;
  /** Whether both tolerances were met before `maxIterations`. */
  readonly converged: boolean;
}

/**
 * Minimises `objective` from `start` with the Nelder-Mead simplex method.
 *
 * Uses the dimension-adaptive coefficients of Gao & Han (2012), which keep the method effective
 * beyond two or three dimensions. Non-finite objective values (including NaN) are treated as +∞,
 * so an objective may simply return NaN outside its domain. Never throws on its own; exceptions
 * from `objective` propagate.
 *
 * @example
 * const result = nelderMead((p) => (p[0]! - 1) ** 2 + (p[1]! + 2) ** 2, [0, 0]);
 * // result.x ≈ [1, -2], result.converged === true
 */
export function nelderMead(
  objective: (point: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const step = options.initialStep ?? 0.5;
  const maxIterations = options.maxIterations ?? 5000;
  const fTolerance = options.fTolerance ?? 1e-10;
  const xTolerance = options.xTolerance ?? 1e-7;
  // Gao & Han's coefficients; in one dimension their shrink factor would be 0, so use n = 2 there,
  // which gives the classic (1, 2, 0.5, 0.5).
  const dim = Math.max(n, 2);
  const reflectCoef = 1;
  const expandCoef = 1 + 2 / dim;
  const contractCoef = 0.75 - 1 / (2 * dim);
  const shrinkCoef = 1 - 1 / dim;

  let evaluations = 0;
  const evaluate = (point: Float64Array): number => {
    evaluations++;
    const value = objective(point);
    return Number.isFinite(value) ? value : Infinity;
  };

  const vertices: Float64Array[] = [];
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const vertex = Float64Array.from(start);
    if (i > 0) vertex[i - 1] = vertex[i - 1]! + step;
    vertices.push(vertex);
    values[i] = evaluate(vertex);
  }

  // Index array kept sorted by value so that order[0] is best and order[n] is worst.
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const trial = (from: Float64Array, coef: number): Float64Array => {
    const point = new Float64Array(n);
    for (let j = 0; j < n; j++) point[j] = centroid[j]! + coef * (from[j]! - centroid[j]!);
    return point;
  };

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    // Compare rather than subtract: Infinity − Infinity is NaN, which would break the sort.
    order.sort((i, j) => (values[i]! < values[j]! ? -1 : values[i]! > values[j]! ? 1 : 0));
    const best = order[0]!;
    const worst = order[n]!;
    if (hasConverged(vertices, values, best, fTolerance, xTolerance)) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const vertex = vertices[order[k]!]!;
      for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + vertex[j]! / n;
    }
    const worstVertex = vertices[worst]!;
    const bestValue = values[best]!;
    const secondWorstValue = values[order[n - 1]!]!;
    const worstValue = values[worst]!;

    const reflected = trial(worstVertex, -reflectCoef);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < bestValue) {
      const expanded = trial(worstVertex, -reflectCoef * expandCoef);
      const expandedValue = evaluate(expanded);
      const takeExpanded = expandedValue < reflectedValue;
      vertices[worst] = takeExpanded ? expanded : reflected;
      values[worst] = takeExpanded ? expandedValue : reflectedValue;
      continue;
    }
    if (reflectedValue < secondWorstValue) {
      vertices[worst] = reflected;
      values[worst] = reflectedValue;
      continue;
    }
    const outside = reflectedValue < worstValue;
    const contracted = trial(worstVertex, outside ? -reflectCoef * contractCoef : contractCoef);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : worstValue)) {
      vertices[worst] = contracted;
      values[worst] = contractedValue;
      continue;
    }
    const bestVertex = vertices[best]!;
    for (let k = 1; k <= n; k++) {
      const index = order[k]!;
      const vertex = vertices[index]!;
      for (let j = 0; j < n; j++) {
        vertex[j] = bestVertex[j]! + shrinkCoef * (vertex[j]! - bestVertex[j]!);
      }
      values[index] = evaluate(vertex);
    }
  }

  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return {
    x: Float64Array.from(vertices[bestIndex]!),
    value: values[bestIndex]!,
    iterations,
    evaluations,
    converged,
  };
}

function hasConverged(
  vertices: readonly Float64Array[],
  values: Float64Array,
  best: number,
  fTolerance: number,
  xTolerance: number,
): boolean {
  const bestValue = values[best]!;
  if (!Number.isFinite(bestValue)) return false;
  const bestVertex = vertices[best]!;
  for (let i = 0; i < vertices.length; i++) {
    if (Math.abs(values[i]! - bestValue) > fTolerance) return false;
    const vertex = vertices[i]!;
    for (let j = 0; j < vertex.length; j++) {
      if (Math.abs(vertex[j]! - bestVertex[j]!) > xTolerance) return false;
    }
  }
  return true;
}
