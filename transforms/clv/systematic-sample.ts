// Deterministic probability-proportional-to-weight subsample, used to find a cheap warm start on big data.

/** Rows picked by {@link systematicSample} and how many sample points each received. */
export interface WeightedSample {
  readonly rows: Uint32Array;
  readonly weights: Float64Array;
}

/**
 * Draws about `target` sample points spread evenly over the cumulative weight (systematic
 * sampling, start offset half a step) and returns each hit row with its number of points.
 *
 * Rows heavier than one step are always kept with a proportional weight, so a large compressed row
 * (say, every customer without repeat purchases) keeps its share. Deterministic; never throws.
 *
 * @example
 * systematicSample(Float64Array.of(6, 1, 1), 4); // { rows: [0, 1], weights: [3, 1] }
 */
export function systematicSample(weights: Float64Array, target: number): WeightedSample {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  const step = total / target;
  const rows: number[] = [];
  const hits: number[] = [];
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    const before = Math.floor((cumulative + 0.5 * step) / step);
    cumulative += weights[i]!;
    const k = Math.floor((cumulative + 0.5 * step) / step) - before;
    if (k > 0) {
      rows.push(i);
      hits.push(k);
    }
  }
  return { rows: Uint32Array.from(rows), weights: Float64Array.from(hits) };
}
