// Tests for the seeded BG/NBD and Gamma-Gamma simulators' bookkeeping.

import { describe, expect, it } from 'vitest';
import { simulateBgNbd, simulateSpend } from '../../../transforms/clv/simulate-customers.js';

const params = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };

describe('simulateBgNbd', () => {
  it('is deterministic per seed and produces consistent histories', () => {
    const T = Float64Array.from({ length: 5000 }, (_, i) => 20 + (i % 20));
    const one = simulateBgNbd(params, { customers: 5000, T, holdoutLength: 10, seed: 1 });
    const two = simulateBgNbd(params, { customers: 5000, T, holdoutLength: 10, seed: 1 });
    expect(Array.from(two.tx)).toEqual(Array.from(one.tx));
    const broken = [...one.x.keys()].filter(
      (i) =>
        one.T[i] !== T[i] ||
        one.tx[i]! > one.T[i]! ||
        (one.x[i] === 0) !== (one.tx[i] === 0) ||
        (one.aliveAtT[i] === 0 && one.holdoutPurchases[i]! > 0), // dead customers never come back
    );
    expect(broken).toEqual([]);
    expect(one.holdoutPurchases.some((v) => v > 0)).toBe(true);
  });
});

describe('simulateSpend', () => {
  it('returns the mean spend of repeat customers and 0 otherwise, with the population mean pγ/(q-1)', () => {
    const spendParams = { p: 6.25, q: 3.74, gamma: 15.44 };
    const x = Array.from({ length: 40_000 }, (_, i) => i % 4);
    const mean = simulateSpend(spendParams, x, 3);
    expect(mean.filter((_, i) => x[i] === 0).every((v) => v === 0)).toBe(true);
    const repeat = mean.filter((_, i) => x[i]! > 0);
    const average = repeat.reduce((s, v) => s + v, 0) / repeat.length;
    // E[z] = pγ/(q−1) ≈ 35.2; the heavy-tailed ν makes the sample mean noisy, so allow 5 %.
    expect(average / ((spendParams.p * spendParams.gamma) / (spendParams.q - 1))).toBeCloseTo(1, 1);
  });

  it('refuses a parameter that is not positive', () => {
    expect(() => simulateSpend({ p: 0, q: 3.74, gamma: 15.44 }, [1], 1)).toThrow('simulateSpend: p must be positive and finite, got 0');
    expect(() => simulateBgNbd({ ...params, alpha: -1 }, { customers: 1, T: 1, seed: 1 })).toThrow(RangeError);
  });
});
