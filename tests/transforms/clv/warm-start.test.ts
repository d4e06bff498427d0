// A fit started from yesterday's parameters reaches the same optimum as a full search, with a fraction of the work.

import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../transforms/clv/bg-nbd.js';
import { fitGammaGamma } from '../../../transforms/clv/gamma-gamma.js';
import { simulateBgNbd, simulateSpend } from '../../../transforms/clv/simulate-customers.js';

const truth = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
const relative = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

describe('warm-started CLV fits', () => {
  // Yesterday's data: the same customers observed one period less (T - 1), so the optimum moved a little.
  const today = simulateBgNbd(truth, { customers: 30_000, T: 39, seed: 5 });
  const yesterday = simulateBgNbd(truth, { customers: 30_000, T: 38, seed: 5 });

  it('BG/NBD: Newton from the previous optimum skips the search and lands where the cold fit does (1e-8)', () => {
    const cold = fitBgNbd(today);
    const previous = fitBgNbd(yesterday);
    expect(relative(previous.a, cold.a)).toBeGreaterThan(1e-6); // the data did move the optimum
    const warm = fitBgNbd(today, { warmStart: previous });
    expect(warm.warm).toBe(true);
    expect(cold.warm).toBe(false);
    expect(warm.converged).toBe(true);
    // The cold search evaluates the likelihood hundreds of times (Nelder-Mead), the warm one a few dozen.
    expect(warm.evaluations).toBeLessThan(cold.evaluations / 5);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(relative(warm[k], cold[k])).toBeLessThan(1e-8);
    expect(warm.logLikelihood).toBeCloseTo(cold.logLikelihood, 6);
  });

  it('BG/NBD: a start too far away falls back to the full search, with the same result', () => {
    const cold = fitBgNbd(today);
    const far = fitBgNbd(today, { warmStart: { r: 50, alpha: 0.01, a: 40, b: 0.02 } });
    expect(far.warm).toBe(false);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(relative(far[k], cold[k])).toBeLessThan(1e-8);
  });

  it('Gamma-Gamma: the same, for the spend model', () => {
    const spendTruth = { p: 6.25, q: 3.74, gamma: 15.44 };
    const monetary = simulateSpend(spendTruth, today.x, 3);
    const previous = fitGammaGamma(today.x, monetary.map((m) => m * 1.01)); // spend moved by 1%
    const cold = fitGammaGamma(today.x, monetary);
    const warm = fitGammaGamma(today.x, monetary, { warmStart: previous });
    expect(warm.warm).toBe(true);
    for (const k of ['p', 'q', 'gamma'] as const) expect(relative(warm[k], cold[k])).toBeLessThan(1e-8);
  });
});
