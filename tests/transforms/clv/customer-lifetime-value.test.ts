// Tests for the discounted CLV sum built from the BG/NBD and Gamma-Gamma conditional expectations.

import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from '../../../transforms/clv/bg-nbd-predict.js';
import { ClvError } from '../../../transforms/clv/clv-error.js';
import { customerLifetimeValue } from '../../../transforms/clv/customer-lifetime-value.js';
import { conditionalExpectedSpend } from '../../../transforms/clv/gamma-gamma.js';

const bgnbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };
const customers = { x: [0, 2, 2, 7], tx: [0, 30.43, 30.43, 36], T: [38.86, 38.86, 38.86, 38.86], monetary: [0, 22.35, 40, 18] };
const weeksPerMonth = 365.25 / 12 / 7;

describe('customerLifetimeValue', () => {
  it('telescopes to spend × E[Y(H·m)] without discounting', () => {
    const clv = customerLifetimeValue(bgnbd, gammaGamma, customers, { period: 'week', months: 12, monthlyDiscountRate: 0 });
    customers.x.forEach((x, i) => {
      const purchases = conditionalExpectedPurchases(bgnbd, 12 * weeksPerMonth, x, customers.tx[i]!, customers.T[i]!);
      const spend = conditionalExpectedSpend(gammaGamma, x, customers.monetary[i]!);
      expect(clv[i]).toBeCloseTo(purchases * spend, 10);
    });
  });

  it('discounts month k by (1 + d)^k', () => {
    const d = 0.1;
    const clv = customerLifetimeValue(bgnbd, gammaGamma, customers, { period: 'week', months: 2, monthlyDiscountRate: d });
    const [x, tx, T] = [2, 30.43, 38.86];
    const first = conditionalExpectedPurchases(bgnbd, weeksPerMonth, x, tx, T);
    const second = conditionalExpectedPurchases(bgnbd, 2 * weeksPerMonth, x, tx, T) - first;
    const spend = conditionalExpectedSpend(gammaGamma, x, 40);
    expect(clv[2]).toBeCloseTo(spend * (first / (1 + d) + second / (1 + d) ** 2), 10);
    expect(clv[2]! / clv[1]!).toBeCloseTo(spend / conditionalExpectedSpend(gammaGamma, x, 22.35), 10);
  });

  it('uses 365.25/12 days per month for daily data, so days and weeks agree', () => {
    const inDays = { ...customers, tx: customers.tx.map((v) => v * 7), T: customers.T.map((v) => v * 7) };
    const weekly = customerLifetimeValue(bgnbd, gammaGamma, customers, { period: 'week', months: 24, monthlyDiscountRate: 0.01 });
    const daily = customerLifetimeValue({ ...bgnbd, alpha: bgnbd.alpha * 7 }, gammaGamma, inDays, {
      period: 'day',
      months: 24,
      monthlyDiscountRate: 0.01,
    });
    daily.forEach((v, i) => expect(v).toBeCloseTo(weekly[i]!, 8));
    const custom = customerLifetimeValue(bgnbd, gammaGamma, customers, {
      period: 'week',
      months: 24,
      monthlyDiscountRate: 0.01,
      periodsPerMonth: 4.345,
    });
    expect(custom[1]).not.toBeCloseTo(weekly[1]!, 6);
  });

  it('rejects invalid options with the zod issue path, and mismatched arrays', () => {
    const call = (options: unknown) => () =>
      customerLifetimeValue(bgnbd, gammaGamma, customers, options as { period: 'week'; months: number; monthlyDiscountRate: number });
    expect(call({ period: 'week', months: 12, monthlyDiscountRate: -0.1 })).toThrow(ClvError);
    expect(call({ period: 'week', months: 12, monthlyDiscountRate: -0.1 })).toThrow(/options\.monthlyDiscountRate/);
    expect(call({ period: 'month', months: 12, monthlyDiscountRate: 0 })).toThrow(/options\.period/);
    expect(call({ period: 'week', months: 1.5, monthlyDiscountRate: 0 })).toThrow(/options\.months/);
    expect(() =>
      customerLifetimeValue(bgnbd, gammaGamma, { ...customers, monetary: [1] }, { period: 'week', months: 1, monthlyDiscountRate: 0 }),
    ).toThrow(/monetary/);
  });
});
