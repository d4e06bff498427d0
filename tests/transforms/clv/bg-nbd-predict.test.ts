// Tests for the BG/NBD closed forms against numerical integration of the posterior and against simulation.

import { describe, expect, it } from 'vitest';
import type { BgNbdParams } from '../../../transforms/clv/bg-nbd-likelihood.js';
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
  probabilityOfPurchases,
} from '../../../transforms/clv/bg-nbd-predict.js';
import { simulateBgNbd } from '../../../transforms/clv/simulate-customers.js';

const params: BgNbdParams = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };

/**
 * Posterior quantities by brute-force 2-D midpoint integration over (λ, p) with the prior densities
 * written out (no hypergeometric or beta-function identities): s = ln λ and v = p^a make both
 * integrands smooth. Uses E[Y(t) | alive at T, λ, p] = (1 − e^(−λpt))/p (FHL 2005, eq. 7).
 */
function integratePosterior(x: number, tx: number, T: number, t: number): { alive: number; expected: number } {
  const { r, alpha, a, b } = params;
  const [lo, hi, ns, nv] = [-80, Math.log(60 / alpha), 2500, 1200];
  const ds = (hi - lo) / ns;
  const lambdas = Float64Array.from({ length: ns }, (_, i) => Math.exp(lo + (i + 0.5) * ds));
  // log prior weight in s, plus λ^x; the exponential factors stay separate because they differ by path.
  const logBase = lambdas.map((l) => (r + x) * Math.log(l) - alpha * l);
  let aliveMass = 0;
  let deadMass = 0;
  let expectedMass = 0;
  for (let j = 0; j < nv; j++) {
    const p = Math.pow((j + 0.5) / nv, 1 / a);
    const prior = Math.pow(1 - p, b - 1);
    const aliveP = prior * Math.pow(1 - p, x);
    const deadP = x > 0 ? prior * p * Math.pow(1 - p, x - 1) : 0;
    for (let i = 0; i < ns; i++) {
      const l = lambdas[i]!;
      const alive = aliveP * Math.exp(logBase[i]! - l * T);
      aliveMass += alive;
      if (x > 0) deadMass += deadP * Math.exp(logBase[i]! - l * tx);
      expectedMass += (alive * -Math.expm1(-l * p * t)) / p;
    }
  }
  return { alive: aliveMass / (aliveMass + deadMass), expected: expectedMass / (aliveMass + deadMass) };
}

describe('probabilityAlive and conditionalExpectedPurchases', () => {
  it.each([
    [0, 0, 39, 39],
    [1, 2, 39, 39],
    [2, 30.43, 38.86, 39],
    [5, 10, 39, 52],
    [20, 38, 39, 520],
  ])('match numerical integration of the posterior for x=%i, t_x=%f, T=%f, t=%f', (x, tx, T, t) => {
    const reference = integratePosterior(x, tx, T, t);
    expect(probabilityAlive(params, x, tx, T)).toBeCloseTo(reference.alive, 5);
    const expected = conditionalExpectedPurchases(params, t, x, tx, T);
    expect(Math.abs(expected / reference.expected - 1)).toBeLessThan(2e-5);
  });

  it('track simulated customers: alive share and holdout purchases by calibration frequency', () => {
    const sim = simulateBgNbd(params, { customers: 40_000, T: 39, holdoutLength: 39, seed: 77 });
    for (const group of [0, 1, 2, 3, 4, 5]) {
      const members = [...sim.x.keys()].filter((i) => Math.min(sim.x[i]!, 5) === group);
      const n = members.length;
      const mean = (f: (i: number) => number): number => members.reduce((s, i) => s + f(i), 0) / n;
      const sd = (f: (i: number) => number): number => {
        const m = mean(f);
        return Math.sqrt(mean((i) => (f(i) - m) ** 2));
      };
      const alive = (i: number): number => sim.aliveAtT[i]!;
      const holdout = (i: number): number => sim.holdoutPurchases[i]!;
      const predictedAlive = mean((i) => probabilityAlive(params, sim.x[i]!, sim.tx[i]!, sim.T[i]!));
      const predictedHoldout = mean((i) => conditionalExpectedPurchases(params, 39, sim.x[i]!, sim.tx[i]!, sim.T[i]!));
      // Tolerance: 4 standard errors of the simulated group mean, since predictions use the true parameters.
      expect(Math.abs(mean(alive) - predictedAlive)).toBeLessThanOrEqual((4 * sd(alive)) / Math.sqrt(n) + 1e-12);
      expect(Math.abs(mean(holdout) - predictedHoldout)).toBeLessThan((4 * sd(holdout)) / Math.sqrt(n));
    }
  });

  it('returns nothing for a zero horizon and certainty of being alive without repeat purchases', () => {
    expect(conditionalExpectedPurchases(params, 0, 3, 10, 39)).toBe(0);
    expect(probabilityAlive(params, 0, 0, 39)).toBe(1);
  });
});

describe('probabilityOfPurchases and expectedPurchases', () => {
  it.each([1, 39, 200])('form a distribution over n whose mean is E[X(t)] for t = %f', (t) => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n <= 2000; n++) {
      const probability = probabilityOfPurchases(params, t, n);
      expect(probability).toBeGreaterThanOrEqual(0);
      total += probability;
      mean += n * probability;
    }
    expect(total).toBeCloseTo(1, 9);
    // E[X(t)] comes from the 2F1 closed form, P(X(t)=n) from an independent sum: they must agree.
    expect(mean / expectedPurchases(params, t)).toBeCloseTo(1, 7);
  });

  it('match the simulated distribution of repeat purchases of new customers', () => {
    const t = 39;
    const customers = 50_000;
    const sim = simulateBgNbd(params, { customers, T: t, seed: 4242 });
    for (let n = 0; n <= 6; n++) {
      const share = sim.x.filter((v) => v === n).length / customers;
      const probability = probabilityOfPurchases(params, t, n);
      // 4 binomial standard errors of the simulated share.
      expect(Math.abs(share - probability)).toBeLessThan(4 * Math.sqrt((probability * (1 - probability)) / customers));
    }
    const simulatedMean = sim.x.reduce((s, v) => s + v, 0) / customers;
    const sd = Math.sqrt(sim.x.reduce((s, v) => s + (v - simulatedMean) ** 2, 0) / customers);
    expect(Math.abs(simulatedMean - expectedPurchases(params, t))).toBeLessThan((4 * sd) / Math.sqrt(customers));
  });

  it('grows like rt/α for short horizons and returns 0 for impossible counts', () => {
    expect(expectedPurchases(params, 1e-4) / ((params.r * 1e-4) / params.alpha)).toBeCloseTo(1, 3);
    expect(probabilityOfPurchases(params, 39, -1)).toBe(0);
    expect(probabilityOfPurchases(params, 39, 1.5)).toBe(0);
    expect(probabilityOfPurchases(params, 0, 0)).toBe(1);
  });
});
