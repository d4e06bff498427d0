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
});
