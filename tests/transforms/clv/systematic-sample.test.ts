// Tests for the deterministic weight-proportional subsample used for warm starts.

import { describe, expect, it } from 'vitest';
import { systematicSample } from '../../../transforms/clv/systematic-sample.js';

describe('systematicSample', () => {
  it('gives heavy rows a proportional number of points', () => {
    const { rows, weights } = systematicSample(Float64Array.of(6, 1, 1), 4);
    expect(Array.from(rows)).toEqual([0, 1]);
    expect(Array.from(weights)).toEqual([3, 1]);
  });

  it('draws the target number of points and preserves weight shares approximately', () => {
    const w = Float64Array.from({ length: 10_000 }, (_, i) => (i === 0 ? 5000 : 1 + (i % 3)));
    const sample = systematicSample(w, 1000);
    const total = w.reduce((s, v) => s + v, 0);
    expect(sample.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1000, -1);
    expect(sample.rows[0]).toBe(0);
    expect(sample.weights[0]! / 1000).toBeCloseTo(5000 / total, 2);
  });
});
