// Tests for the BG/NBD maximum-likelihood fit: parameter recovery on simulated data and input handling.

import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood } from '../../../transforms/clv/bg-nbd-likelihood.js';
import { fitBgNbd } from '../../../transforms/clv/bg-nbd.js';
import { ClvError } from '../../../transforms/clv/clv-error.js';
import { compressTriples } from '../../../transforms/clv/compress-triples.js';
import { simulateBgNbd } from '../../../transforms/clv/simulate-customers.js';
import { standardErrors } from '../../../transforms/clv/standard-errors.js';

const truth = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };

describe('fitBgNbd', () => {
  it('recovers the simulating parameters of 50,000 customers within 4 standard errors', () => {
    const sim = simulateBgNbd(truth, { customers: 50_000, T: 39, seed: 20240611 });
    const data = compressTriples(sim.x, sim.tx, sim.T);
    // More distinct rows than the warm-up subsample, so the subsample-then-Newton path is exercised.
    expect(data.x.length).toBeGreaterThan(20_000);
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(50_000);
    const estimate = [fit.r, fit.alpha, fit.a, fit.b];
    const se = standardErrors(([r, alpha, a, b]) => bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, data), estimate);
    // Tolerance: the MLE is asymptotically normal with these standard errors, so each parameter is
    // within 4 SE of the truth with probability > 0.9999; the seed is fixed, so this never flakes.
    // The SEs are 1-6 % of the values here (r 1 %, α 2 %, a 5 %, b 6 %), so a wrong fit is caught.
    [truth.r, truth.alpha, truth.a, truth.b].forEach((value, i) => {
      expect(se[i]! / value).toBeLessThan(0.08);
      expect(Math.abs(estimate[i]! - value)).toBeLessThan(4 * se[i]!);
    });
  });

  it('reaches the maximum: the log-likelihood is lower at nearby points and at the truth', () => {
    const sim = simulateBgNbd(truth, { customers: 5000, T: 39, seed: 11 });
    const data = compressTriples(sim.x, sim.tx, sim.T);
    const fit = fitBgNbd(data);
    expect(bgNbdLogLikelihood(fit, data)).toBeCloseTo(fit.logLikelihood, 8);
    expect(bgNbdLogLikelihood(truth, data)).toBeLessThan(fit.logLikelihood);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.99, 1.01]) {
        expect(bgNbdLogLikelihood({ ...fit, [key]: fit[key] * factor }, data)).toBeLessThan(fit.logLikelihood);
      }
    }
  });

  it('gives the same estimate from per-customer arrays as from compressed triples, with cohorts of different T', () => {
    const T = Float64Array.from({ length: 4000 }, (_, i) => 26 + (i % 13));
    const sim = simulateBgNbd(truth, { customers: 4000, T, seed: 12 });
    const fromArrays = fitBgNbd({ x: sim.x, tx: sim.tx, T: sim.T });
    const fromTriples = fitBgNbd(compressTriples(sim.x, sim.tx, sim.T));
    expect(fromArrays.converged).toBe(true);
    expect(fromArrays.r).toBeCloseTo(fromTriples.r, 6);
    expect(fromArrays.b).toBeCloseTo(fromTriples.b, 5);
    expect(fromArrays.logLikelihood).toBeCloseTo(fromTriples.logLikelihood, 6);
  });

  it('does not depend on the time unit except through alpha', () => {
    const sim = simulateBgNbd(truth, { customers: 3000, T: 39, seed: 13 });
    const weeks = fitBgNbd({ x: sim.x, tx: sim.tx, T: sim.T });
    const days = fitBgNbd({ x: sim.x, tx: sim.tx.map((v) => v * 7), T: sim.T.map((v) => v * 7) });
    expect(days.r).toBeCloseTo(weeks.r, 5);
    expect(days.alpha / 7).toBeCloseTo(weeks.alpha, 4);
    expect(days.a).toBeCloseTo(weeks.a, 5);
  });

  it('reports non-convergence when the iteration budget is too small', () => {
    const sim = simulateBgNbd(truth, { customers: 2000, T: 39, seed: 14 });
    expect(fitBgNbd(sim, { maxIterations: 3 }).converged).toBe(false);
  });

  it('rejects invalid weights and triples, naming the row', () => {
    const bad = { x: Float64Array.of(1, 2), tx: Float64Array.of(1, 2), T: Float64Array.of(3, 3), count: Float64Array.of(1, 0) };
    expect(() => fitBgNbd(bad)).toThrow(ClvError);
    expect(() => fitBgNbd(bad)).toThrow(/count row 1/);
    expect(() => fitBgNbd({ x: [1], tx: [5], T: [3] })).toThrow(/tx row 0/);
    expect(() => fitBgNbd({ x: [], tx: [], T: [] })).toThrow(/no customers/);
  });
});
