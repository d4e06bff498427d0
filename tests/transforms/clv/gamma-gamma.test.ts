// Tests for the Gamma-Gamma fit (parameter recovery) and the conditional expected spend.

import { describe, expect, it } from 'vitest';
import { conditionalExpectedSpend, fitGammaGamma } from '../../../transforms/clv/gamma-gamma.js';
import { gammaGammaLogLikelihood } from '../../../transforms/clv/gamma-gamma-likelihood.js';
import { simulateBgNbd, simulateSpend } from '../../../transforms/clv/simulate-customers.js';
import { standardErrors } from '../../../transforms/clv/standard-errors.js';

const truth = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('fitGammaGamma', () => {
  it('recovers the simulating parameters within 4 standard errors', () => {
    const sim = simulateBgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, { customers: 50_000, T: 39, seed: 20240611 });
    const monetary = simulateSpend(truth, sim.x, 99);
    const fit = fitGammaGamma(sim.x, monetary);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(sim.x.filter((v) => v > 0).length);
    expect(fit.customers).toBeGreaterThan(20_000); // exercises the subsample-then-Newton path
    const estimate = [fit.p, fit.q, fit.gamma];
    const se = standardErrors(
      ([p, q, gamma]) => gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, sim.x, monetary),
      estimate,
    );
    // Tolerance: asymptotic normality of the MLE puts each estimate within 4 SE of the truth with
    // probability > 0.9999 (fixed seed, so deterministic). The SEs are 2-6 % of the values (p 4 %,
    // q 2 %, γ 5 %), so a biased fit would fail.
    [truth.p, truth.q, truth.gamma].forEach((value, i) => {
      expect(se[i]! / value).toBeLessThan(0.08);
      expect(Math.abs(estimate[i]! - value)).toBeLessThan(4 * se[i]!);
    });
  });

  it('is scale-equivariant: multiplying all spend by 10 multiplies γ by 10 and leaves p, q', () => {
    const x = Array.from({ length: 800 }, (_, i) => 1 + (i % 6));
    const m = simulateSpend(truth, x, 5);
    const base = fitGammaGamma(x, m);
    const scaled = fitGammaGamma(x, m.map((v) => v * 10));
    expect(scaled.p).toBeCloseTo(base.p, 4);
    expect(scaled.q).toBeCloseTo(base.q, 4);
    expect(scaled.gamma / 10).toBeCloseTo(base.gamma, 3);
  });
});

describe('conditionalExpectedSpend', () => {
  it.each([
    [1, 20],
    [4, 55],
    [0, 0],
  ])('equals the posterior mean of p/ν by numerical integration for x=%i, m=%f', (x, m) => {
    // Posterior of ν given x transactions with mean m: ∝ ν^(q-1) e^(-γν) · ν^(px) e^(-νxm).
    const [lo, hi, n] = [-12, 3, 60_000];
    const ds = (hi - lo) / n;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const nu = Math.exp(lo + (i + 0.5) * ds);
      const logWeight = (truth.q + truth.p * x) * Math.log(nu) - nu * (truth.gamma + x * m);
      const weight = Math.exp(logWeight);
      num += weight * (truth.p / nu);
      den += weight;
    }
    expect(conditionalExpectedSpend(truth, x, m)).toBeCloseTo(num / den, 6);
  });

  it('shrinks a customer mean towards the population mean, less so with more transactions', () => {
    const population = (truth.p * truth.gamma) / (truth.q - 1);
    const few = conditionalExpectedSpend(truth, 1, 100);
    const many = conditionalExpectedSpend(truth, 20, 100);
    expect(few).toBeGreaterThan(population);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    expect(conditionalExpectedSpend({ ...truth, q: 0.9 }, 0, 0)).toBe(Infinity);
  });
});
