// Tests for the Gauss hypergeometric 2F1 series against closed forms and Euler's transformation.

import { describe, expect, it } from 'vitest';
import { hypergeometric2F1 } from '../../../transforms/clv/hypergeometric.js';

describe('hypergeometric2F1', () => {
  it.each([-0.9, -0.5, 0.1, 0.5, 0.9, 0.99])('matches -ln(1-z)/z for 2F1(1, 1; 2; %f)', (z) => {
    expect(hypergeometric2F1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
  });

  it.each([0.2, 0.7, 0.95])('matches (1-z)^-a for 2F1(a, b; b; z) at z = %f', (z) => {
    expect(hypergeometric2F1(0.37, 2.5, 2.5, z)).toBeCloseTo(Math.pow(1 - z, -0.37), 12);
  });

  it.each([0.3, 0.8])('matches arcsin(x)/x for 2F1(1/2, 1/2; 3/2; x^2) at x = %f', (x) => {
    expect(hypergeometric2F1(0.5, 0.5, 1.5, x * x)).toBeCloseTo(Math.asin(x) / x, 12);
  });

  it('agrees with its Euler transformation (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)', () => {
    // The parameters of the BG/NBD conditional expectation for a customer with x = 3 on CDNOW.
    const [a, b, c, z] = [0.243 + 3, 2.426 + 3, 0.793 + 2.426 + 3 - 1, 0.6];
    const direct = hypergeometric2F1(a, b, c, z);
    const euler = Math.pow(1 - z, c - a - b) * hypergeometric2F1(c - a, c - b, c, z);
    expect(Math.abs(direct / euler - 1)).toBeLessThan(1e-13);
  });

  it('stops at the last term when a is a non-positive integer', () => {
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))
    const [b, c, z] = [1.5, 2.5, 0.4];
    expect(hypergeometric2F1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 15);
  });

  it('rejects |z| >= 1 and non-positive integer c, and reports a series that does not converge', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hypergeometric2F1(1, 1, -1, 0.5)).toThrow(/non-positive integer/);
    expect(() => hypergeometric2F1(1, 1, 2, 0.999999, { maxTerms: 100 })).toThrow(/did not converge/);
  });
});
