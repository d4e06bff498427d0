// Tests for the damped Newton refinement on functions with known minima.

import { describe, expect, it } from 'vitest';
import { newtonPolish } from '../../../transforms/clv/newton-polish.js';

describe('newtonPolish', () => {
  it('converges on a smooth convex function in a few steps', () => {
    const f = (p: Float64Array, g?: Float64Array): number => {
      const [x, y] = [p[0]!, p[1]!];
      if (g) {
        g[0] = Math.exp(x) - 2 + 0.5 * y;
        g[1] = 2 * y + 0.5 * x;
      }
      return Math.exp(x) - 2 * x + y * y + 0.5 * x * y;
    };
    const result = newtonPolish(f, [2, 2]);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(15);
    const g = new Float64Array(2);
    f(result.x, g);
    expect(Math.abs(g[0]!) + Math.abs(g[1]!)).toBeLessThan(1e-8);
  });

  it('falls back to descent steps where the Hessian is not positive definite', () => {
    // f = x^4 - x^2 has a local maximum at 0, so Newton from 0.1 would climb towards it.
    const f = (p: Float64Array, g?: Float64Array): number => {
      if (g) g[0] = 4 * p[0]! ** 3 - 2 * p[0]!;
      return p[0]! ** 4 - p[0]! ** 2;
    };
    const result = newtonPolish(f, [0.1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(Math.SQRT1_2, 8);
  });

  it('reaches the gradient test where the value carries rounding of ~1e-11, as large likelihoods do', () => {
    // f = 5 + λu²/2 on a flat direction (λ = 1e-4), its value perturbed by up to 3e-11 (a sum of log-gamma terms that
    // cancel rounds that badly at 280k customers); the gradient λu is exact. From u = 4e-4 the gradient is 4e-8, above
    // the 1e-8 test, and the Newton step to u = 0 lowers the true value by only 8e-12: below the rounding, so the
    // value alone cannot tell whether the step went downhill. The step must still be taken (the gradient shrank).
    const lambda = 1e-4;
    const f = (p: Float64Array, g?: Float64Array): number => {
      const u = p[0]!;
      if (g) g[0] = lambda * u;
      return 5 + 0.5 * lambda * u * u + 3e-11 * Math.cos(u * 1e7); // the rounding: largest at the optimum
    };
    const result = newtonPolish(f, [4e-4]);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]!)).toBeLessThan(1e-4); // gradient below 1e-8
  });
});
