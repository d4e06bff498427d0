// Tests for the Gamma-Gamma log-likelihood against numerical integration, and for its gradient.

import { describe, expect, it } from 'vitest';
import {
  createGammaGammaLikelihood,
  gammaGammaLogLikelihood,
  selectRepeatCustomers,
} from '../../../transforms/clv/gamma-gamma-likelihood.js';
import { logGamma } from '../../../transforms/clv/log-gamma.js';

const params = { p: 6.25, q: 3.74, gamma: 15.44 };

// Density of Gamma(shape, rate) at v, written out directly.
function gammaDensity(v: number, shape: number, rate: number): number {
  return Math.exp(shape * Math.log(rate) + (shape - 1) * Math.log(v) - rate * v - logGamma(shape));
}

describe('gammaGammaLogLikelihood', () => {
  it.each([
    [1, 20.5],
    [3, 35],
    [12, 8.25],
  ])('equals ln ∫ f(m_x | x=%i, ν) g(ν) dν for mean spend %f', (x, m) => {
    // The mean of x Gamma(p, ν) transactions is Gamma(px, xν); ν ~ Gamma(q, γ). Midpoint rule over ln ν.
    const [lo, hi, n] = [-12, 3, 60_000];
    const ds = (hi - lo) / n;
    let integral = 0;
    for (let i = 0; i < n; i++) {
      const nu = Math.exp(lo + (i + 0.5) * ds);
      integral += gammaDensity(m, params.p * x, x * nu) * gammaDensity(nu, params.q, params.gamma) * nu * ds;
    }
    expect(gammaGammaLogLikelihood(params, [x], [m])).toBeCloseTo(Math.log(integral), 7);
  });

  it('skips customers without repeat purchases', () => {
    expect(gammaGammaLogLikelihood(params, [0, 2, 0], [0, 30, 0])).toBeCloseTo(gammaGammaLogLikelihood(params, [2], [30]), 12);
  });

  it('rejects a repeat customer without a positive mean spend and data without repeat customers', () => {
    expect(() => gammaGammaLogLikelihood(params, [0, 2], [0, 0])).toThrow(/monetary row 1/);
    expect(() => gammaGammaLogLikelihood(params, [0, 0], [0, 0])).toThrow(/no customer has a repeat purchase/);
    expect(() => gammaGammaLogLikelihood(params, [1], [2, 3])).toThrow(/equal length/);
  });
});

describe('createGammaGammaLikelihood', () => {
  it('returns an analytic gradient equal to central finite differences', () => {
    const x = Array.from({ length: 500 }, (_, i) => 1 + (i % 9));
    const m = x.map((_, i) => 10 + ((i * 37) % 50));
    const likelihood = createGammaGammaLikelihood(selectRepeatCustomers(x, m, 'test'));
    const gradient = new Float64Array(3);
    likelihood.evaluate(params, gradient);
    (['p', 'q', 'gamma'] as const).forEach((key, i) => {
      const h = 1e-5 * params[key];
      const numeric =
        (likelihood.evaluate({ ...params, [key]: params[key] + h }) - likelihood.evaluate({ ...params, [key]: params[key] - h })) /
        (2 * h);
      expect(Math.abs(gradient[i]! - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)) + 1e-4);
    });
  });
});
