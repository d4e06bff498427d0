// Tests for the one seeded generator (sample generator and CLV simulator) and its gamma and beta samplers' moments.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../shared/prng.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe('Prng', () => {
  it('is deterministic per seed, differs across seeds and stays inside [0, 1)', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
    const random = new Prng(1);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });
});

describe('samplers', () => {
  // With n = 200,000 draws the sample mean's standard error is sd/√n; 5 SE bounds the check.
  const n = 200_000;

  it.each([
    [0.24, 4.4],
    [6.25, 1.5],
    [1, 1],
  ])('draws Gamma(shape %f, rate %f) with mean k/θ and variance k/θ² (gamma takes the scale 1/θ)', (shape, rate) => {
    const random = new Prng(7);
    const { mean, variance } = moments(() => random.gamma(shape, 1 / rate), n);
    const sd = Math.sqrt(shape) / rate;
    expect(Math.abs(mean - shape / rate)).toBeLessThan((5 * sd) / Math.sqrt(n));
    expect(variance / (shape / rate ** 2)).toBeGreaterThan(0.95);
    expect(variance / (shape / rate ** 2)).toBeLessThan(1.05);
  });

  it('draws Beta(a, b) with mean a/(a+b) and variance ab/((a+b)²(a+b+1))', () => {
    const [a, b] = [0.79, 2.4];
    const random = new Prng(9);
    const { mean, variance } = moments(() => random.beta(a, b), n);
    const expectedVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - a / (a + b))).toBeLessThan((5 * Math.sqrt(expectedVariance)) / Math.sqrt(n));
    expect(variance / expectedVariance).toBeGreaterThan(0.97);
    expect(variance / expectedVariance).toBeLessThan(1.03);
  });

});
