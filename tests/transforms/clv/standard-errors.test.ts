// Tests for the observed-information standard errors against textbook closed forms.

import { describe, expect, it } from 'vitest';
import { standardErrors } from '../../../transforms/clv/standard-errors.js';

describe('standardErrors', () => {
  it('gives sqrt(λ/n) for a Poisson rate', () => {
    const [n, total] = [400, 1234];
    const rate = total / n;
    const [se] = standardErrors(([lambda]) => total * Math.log(lambda!) - n * lambda!, [rate]);
    expect(se! / Math.sqrt(rate / n)).toBeCloseTo(1, 5);
  });

  it('gives σ/√n and σ/√(2n) for the mean and standard deviation of a normal sample', () => {
    const sample = Array.from({ length: 200 }, (_, i) => 10 + Math.sin(i * 1.7) * 3);
    const n = sample.length;
    const mean = sample.reduce((s, v) => s + v, 0) / n;
    const sigma = Math.sqrt(sample.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    const logLikelihood = ([mu, sd]: number[]): number =>
      -n * Math.log(sd!) - sample.reduce((s, v) => s + (v - mu!) ** 2, 0) / (2 * sd! * sd!);
    const [seMean, seSigma] = standardErrors(logLikelihood, [mean, sigma]);
    expect(seMean! / (sigma / Math.sqrt(n))).toBeCloseTo(1, 5);
    expect(seSigma! / (sigma / Math.sqrt(2 * n))).toBeCloseTo(1, 5);
  });

  it('returns NaN where the likelihood is flat', () => {
    const [se] = standardErrors(() => 0, [1]);
    expect(se).toBeNaN();
  });
});
