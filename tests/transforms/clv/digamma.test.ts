// Tests for the digamma function against exact values and the derivative of ln Γ.

import { describe, expect, it } from 'vitest';
import { digamma } from '../../../transforms/clv/digamma.js';
import { logGamma } from '../../../transforms/clv/log-gamma.js';

describe('digamma', () => {
  it('matches -γ at 1 and -γ - 2 ln 2 at 1/2', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 13);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.LN2, 13);
  });

  it('is the derivative of logGamma', () => {
    for (const z of [0.243, 2.426, 17.3]) {
      const h = 1e-5;
      expect(digamma(z)).toBeCloseTo((logGamma(z + h) - logGamma(z - h)) / (2 * h), 7);
    }
  });
});
