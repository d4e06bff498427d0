// Tests for the Nelder-Mead minimiser on functions with known minima.

import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../transforms/clv/nelder-mead.js';

const rosenbrock = (p: Float64Array): number => 100 * (p[1]! - p[0]! ** 2) ** 2 + (1 - p[0]!) ** 2;

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley and reports convergence', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { xTolerance: 1e-9, fTolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it('minimises a 4-d quadratic with very different scales', () => {
    const scales = [1, 10, 100, 0.1];
    const centre = [0.3, -2, 5, 1];
    const f = (p: Float64Array): number => p.reduce((s, v, i) => s + scales[i]! * (v - centre[i]!) ** 2, 0);
    const result = nelderMead(f, [0, 0, 0, 0]);
    expect(result.converged).toBe(true);
    result.x.forEach((v, i) => expect(v).toBeCloseTo(centre[i]!, 3));
  });

  it('treats NaN as +Infinity so an objective can reject points outside its domain', () => {
    const f = (p: Float64Array): number => (p[0]! <= 0 ? NaN : (Math.log(p[0]!) - 1) ** 2);
    const result = nelderMead(f, [0.5]);
    expect(result.x[0]).toBeCloseTo(Math.E, 5);
  });

  it('reports non-convergence when the iteration cap is hit', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(5);
  });
});
