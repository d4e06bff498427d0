// Tests for ln Γ and ln B against exact values.

import { describe, expect, it } from 'vitest';
import { logBeta, logGamma } from '../../../transforms/clv/log-gamma.js';

describe('logGamma and logBeta', () => {
  it('matches ln((n-1)!) at integers and ln(sqrt(pi)) at 1/2', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      expect(Math.abs(logGamma(n) - Math.log(factorial))).toBeLessThan(1e-12 * Math.max(1, Math.log(factorial)));
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it('satisfies the recurrence ln Γ(z+1) = ln Γ(z) + ln z for small shapes', () => {
    for (const z of [0.01, 0.243, 0.793, 3.7, 150.2]) {
      expect(logGamma(z + 1) - logGamma(z)).toBeCloseTo(Math.log(z), 12);
    }
  });

  it('gives ln B(a, b) = -ln(a) for b = 1', () => {
    expect(logBeta(0.79, 1)).toBeCloseTo(-Math.log(0.79), 14);
  });
});
