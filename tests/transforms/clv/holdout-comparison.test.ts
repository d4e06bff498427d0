// Tests for the predicted-versus-actual holdout comparison.

import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from '../../../transforms/clv/bg-nbd-predict.js';
import { holdoutComparison } from '../../../transforms/clv/holdout-comparison.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const data = {
  x: [0, 0, 1, 3, 9, 12],
  tx: [0, 0, 5, 20, 30, 38],
  T: [39, 30, 39, 39, 39, 39],
  holdoutPurchases: [0, 1, 2, 0, 4, 7],
};

describe('holdoutComparison', () => {
  it('sums predictions and actuals overall and per frequency, with a final open-ended row', () => {
    const result = holdoutComparison(params, data, 39, 3);
    const predicted = data.x.map((x, i) => conditionalExpectedPurchases(params, 39, x, data.tx[i]!, data.T[i]!));
    expect(result.length).toBe(39);
    expect(result.customers).toBe(6);
    expect(result.actual).toBe(14);
    expect(result.predicted).toBeCloseTo(predicted.reduce((s, v) => s + v, 0), 12);
    expect(result.byFrequency.map((row) => row.label)).toEqual(['0', '1', '2', '3+']);
    expect(result.byFrequency.map((row) => row.customers)).toEqual([2, 1, 0, 3]);
    expect(result.byFrequency.map((row) => row.actual)).toEqual([1, 2, 0, 11]);
    expect(result.byFrequency[3]!.predicted).toBeCloseTo(predicted[3]! + predicted[4]! + predicted[5]!, 12);
    expect(result.byFrequency[0]!.predictedMean).toBeCloseTo((predicted[0]! + predicted[1]!) / 2, 12);
    expect(result.byFrequency[2]).toMatchObject({ customers: 0, actualMean: 0, predictedMean: 0 });
  });

  it('groups 7+ by default and serialises to plain JSON', () => {
    const result = holdoutComparison(params, data, 39);
    expect(result.byFrequency).toHaveLength(8);
    expect(result.byFrequency[7]).toMatchObject({ frequency: 7, label: '7+', customers: 2, actual: 11 });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('takes rows of several customers with one history, weighted by their count, as the customers one by one', () => {
    // Two customers with history (0, 0, 39) bought 0 and 3 in the holdout; three with (2, 10, 39) bought 1, 1 and 2.
    const one = holdoutComparison(params, { x: [0, 0, 2, 2, 2], tx: [0, 0, 10, 10, 10], T: [39, 39, 39, 39, 39], holdoutPurchases: [0, 3, 1, 1, 2] }, 39, 3);
    const rows = holdoutComparison(params, { x: [0, 2], tx: [0, 10], T: [39, 39], count: [2, 3], holdoutPurchases: [3, 4] }, 39, 3);
    expect(rows.customers).toBe(5);
    expect(rows.byFrequency.map((r) => [r.customers, r.actual])).toEqual([[2, 3], [0, 0], [3, 4], [0, 0]]);
    expect(rows.byFrequency[2]!.predicted).toBeCloseTo(3 * conditionalExpectedPurchases(params, 39, 2, 10, 39), 12);
    rows.byFrequency.forEach((r, i) => expect(r.predictedMean).toBeCloseTo(one.byFrequency[i]!.predictedMean, 12));
    expect(() => holdoutComparison(params, { x: [0, 2], tx: [0, 10], T: [39, 39], count: [2], holdoutPurchases: [3, 4] }, 39)).toThrow(/count/);
  });

  it('rejects a non-positive length and fractional holdout counts', () => {
    expect(() => holdoutComparison(params, data, 0)).toThrow(/length/);
    expect(() => holdoutComparison(params, { ...data, holdoutPurchases: [0, 0, 0.5, 0, 0, 0] }, 39)).toThrow(
      /holdoutPurchases row 2/,
    );
  });
});
