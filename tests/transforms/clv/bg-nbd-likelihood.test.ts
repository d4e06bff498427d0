// Tests for the BG/NBD log-likelihood against numerical integration over the priors, and for its gradient.

import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, createBgNbdLikelihood } from '../../../transforms/clv/bg-nbd-likelihood.js';
import type { BgNbdParams } from '../../../transforms/clv/bg-nbd-likelihood.js';
import { compressTriples } from '../../../transforms/clv/compress-triples.js';
import { simulateBgNbd } from '../../../transforms/clv/simulate-customers.js';

const params: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

// Midpoint rule for E[f(λ)] under Gamma(r, α), over s = ln λ so that λ^r near 0 is smooth; the
// density is normalised numerically, so no gamma-function identity is shared with the code under test.
function expectLambda(f: (lambda: number) => number, { r, alpha }: BgNbdParams): number {
  const [lo, hi, n] = [-80, Math.log(80 / alpha), 40_000];
  const ds = (hi - lo) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const lambda = Math.exp(lo + (i + 0.5) * ds);
    const weight = Math.pow(lambda, r) * Math.exp(-alpha * lambda);
    num += weight * f(lambda);
    den += weight;
  }
  return num / den;
}

// Midpoint rule for E[g(p)] under Beta(a, b), over v = p^a, which absorbs the p^(a-1) singularity.
function expectP(g: (p: number) => number, { a, b }: BgNbdParams): number {
  const n = 40_000;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.pow((i + 0.5) / n, 1 / a);
    const weight = Math.pow(1 - p, b - 1);
    num += weight * g(p);
    den += weight;
  }
  return num / den;
}

describe('bgNbdLogLikelihood', () => {
  it.each([
    [0, 0, 38.86],
    [1, 1.71, 38.86],
    [2, 30.43, 38.86],
    [7, 12.5, 30],
  ])('equals ln ∫∫ L(λ, p | x=%i, t_x=%f, T=%f) over the priors', (x, tx, T) => {
    // Individual likelihood: alive at T, plus (x > 0) dropped out right after the x-th purchase.
    const alive = expectLambda((l) => l ** x * Math.exp(-l * T), params) * expectP((p) => (1 - p) ** x, params);
    const dropped =
      x > 0 ? expectLambda((l) => l ** x * Math.exp(-l * tx), params) * expectP((p) => p * (1 - p) ** (x - 1), params) : 0;
    const ll = bgNbdLogLikelihood(params, compressTriples([x], [tx], [T]));
    expect(ll).toBeCloseTo(Math.log(alive + dropped), 6);
  });

  it('gives the same total for weighted distinct triples as for the customers one by one', () => {
    const sim = simulateBgNbd(params, { customers: 2000, T: 39, seed: 3 });
    const compressed = compressTriples(sim.x, sim.tx, sim.T);
    const ones = { x: sim.x, tx: sim.tx, T: sim.T, count: new Float64Array(2000).fill(1) };
    expect(compressed.x.length).toBeLessThan(2000);
    expect(bgNbdLogLikelihood(params, compressed)).toBeCloseTo(bgNbdLogLikelihood(params, ones), 8);
  });

  it('returns NaN outside the parameter space', () => {
    expect(bgNbdLogLikelihood({ ...params, b: 0 }, compressTriples([1], [1], [2]))).toBeNaN();
  });
});

describe('createBgNbdLikelihood', () => {
  it('returns an analytic gradient equal to central finite differences', () => {
    const sim = simulateBgNbd(params, { customers: 3000, T: 39, seed: 5 });
    const likelihood = createBgNbdLikelihood(compressTriples(sim.x, sim.tx, sim.T));
    const gradient = new Float64Array(4);
    likelihood.evaluate(params, gradient);
    (['r', 'alpha', 'a', 'b'] as const).forEach((key, i) => {
      const h = 1e-5 * params[key];
      const up = likelihood.evaluate({ ...params, [key]: params[key] + h });
      const down = likelihood.evaluate({ ...params, [key]: params[key] - h });
      const numeric = (up - down) / (2 * h);
      // Rounding in a ~1e4 log-likelihood over a 1e-5 step limits the finite difference to ~1e-6.
      expect(Math.abs(gradient[i]! - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)) + 1e-3);
    });
  });
});
