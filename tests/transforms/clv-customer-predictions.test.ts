// predictTriples shares the 2F1 series between histories with one (x, T): its numbers must be those of the
// per-history formulas (conditionalExpectedPurchases, discountedExpectedPurchases), bit for bit.
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, discountedExpectedPurchases, probabilityAlive } from '../../transforms/clv/index.js';
import { predictTriples } from '../../transforms/clv-customer-predictions.js';

// FHL (2005)'s CDNOW estimates; x, t_x and T in weeks.
const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Histories sharing (x, T) with different t_x, and others sharing x or T only. */
function histories() {
  const x: number[] = [], tx: number[] = [], T: number[] = [];
  for (const t of [38.86, 32.71, 77.86, 1.5]) {
    x.push(0); tx.push(0); T.push(t);
    for (const n of [1, 2, 7, 40]) for (const share of [0.1, 0.5, 0.93, 1]) { x.push(n); tx.push(t * share); T.push(t); }
  }
  return { x, tx, T };
}

describe('predictTriples', () => {
  it.each([
    { period: 'week' as const, horizonDays: 273, clvMonths: 12, monthlyDiscountRate: 0.01 },
    { period: 'day' as const, horizonDays: 90, clvMonths: 6, monthlyDiscountRate: 0 },
    { period: 'week' as const, horizonDays: 0, clvMonths: 3, monthlyDiscountRate: 0.02 },
  ])('gives each history what the per-history formulas give ($period, $horizonDays days, $clvMonths months)', (options) => {
    const h = histories();
    const got = predictTriples(h, cdnow, options);
    const unit = options.period === 'week' ? 7 : 1;
    const month = 365.25 / 12 / unit;
    for (let j = 0; j < h.x.length; j++) {
      const [x, tx, T] = [h.x[j]!, h.tx[j]!, h.T[j]!];
      expect(got.alive[j]).toBe(probabilityAlive(cdnow, x, tx, T));
      expect(got.purchases[j]).toBe(conditionalExpectedPurchases(cdnow, options.horizonDays / unit, x, tx, T));
      expect(got.discounted[j]).toBe(discountedExpectedPurchases(cdnow, x, tx, T,
        { months: options.clvMonths, periodsPerMonth: month, monthlyDiscountRate: options.monthlyDiscountRate }));
    }
    // FHL's worked example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks.
    if (options.horizonDays === 273) {
      const example = predictTriples({ x: [2, 2], tx: [30.43, 1], T: [38.86, 38.86] }, cdnow, options);
      expect(example.purchases[0]).toBeCloseTo(1.226, 3);
      expect(example.purchases[1]).toBeLessThan(0.2); // same (x, T), long silent: mostly gone
    }
  });
});
