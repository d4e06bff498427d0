// Tests for turning raw transactions into the per-customer CLV summary.

import { describe, expect, it } from 'vitest';
import { ClvError } from '../../../transforms/clv/clv-error.js';
import { summarizeTransactions, toDayNumber } from '../../../transforms/clv/summarize-transactions.js';
import type { Transaction } from '../../../transforms/clv/summarize-transactions.js';

const rows: Transaction[] = [
  { customer: 'a', date: '1997-01-01', amount: 10 },
  { customer: 'a', date: '1997-01-01', amount: 5 }, // same day: merged with the row above
  { customer: 'a', date: '1997-01-15', amount: 20 },
  { customer: 'b', date: '1997-01-08', amount: 7 },
  { customer: 'a', date: '1997-01-29', amount: 40 },
  { customer: 'a', date: '1997-02-05', amount: 99 }, // holdout
  { customer: 'b', date: '1997-02-10', amount: 3 }, // holdout
  { customer: 'b', date: '1997-02-10', amount: 4 }, // holdout, same day
  { customer: 'c', date: '1997-02-02', amount: 8 }, // first purchase after calibration: not in the cohort
  { customer: 'a', date: '1997-03-01', amount: 1 }, // after the holdout: ignored
];
const options = { period: 'week', calibrationEnd: '1997-01-29', holdoutEnd: '1997-02-26' } as const;

describe('summarizeTransactions', () => {
  it('merges same-day purchases and computes x, t_x, T in weeks from the first purchase', () => {
    const s = summarizeTransactions(rows, options);
    expect(s.customers).toEqual(['a', 'b']);
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.tx)).toEqual([4, 0]);
    expect(Array.from(s.T)).toEqual([4, 3]);
    expect(s.period).toBe('week');
  });

  it('averages only the repeat transactions for monetary value', () => {
    const s = summarizeTransactions(rows, options);
    expect(Array.from(s.monetary)).toEqual([(20 + 40) / 2, 0]);
  });

  it('counts merged holdout purchases up to the holdout end and reports the holdout length', () => {
    const s = summarizeTransactions(rows, options);
    expect(Array.from(s.holdoutPurchases!)).toEqual([1, 1]);
    expect(s.holdoutLength).toBe(4);
  });

  it('measures time in days when asked and accepts day numbers', () => {
    const start = toDayNumber('1997-01-01', { stage: 'test', field: 'date' });
    const dayRows = rows.map((r) => ({ ...r, date: toDayNumber(r.date, { stage: 'test', field: 'date' }) }));
    const s = summarizeTransactions(dayRows, { period: 'day', calibrationEnd: start + 28 });
    expect(Array.from(s.tx)).toEqual([28, 0]);
    expect(Array.from(s.T)).toEqual([28, 21]);
    expect(s.holdoutPurchases).toBeUndefined();
    expect(s.holdoutLength).toBeUndefined();
  });

  it('rejects an impossible date and names the transaction row and customer', () => {
    const bad = [...rows, { customer: 'z', date: '1997-02-30', amount: 1 }];
    expect(() => summarizeTransactions(bad, options)).toThrow(ClvError);
    expect(() => summarizeTransactions(bad, options)).toThrow(/date row 10 \(customer z\)/);
  });

  it('rejects a non-finite amount and a holdout that ends before calibration', () => {
    expect(() => summarizeTransactions([{ customer: 1, date: 1, amount: NaN }], options)).toThrow(/amount row 0/);
    expect(() => summarizeTransactions(rows, { ...options, holdoutEnd: '1997-01-01' })).toThrow(/options.holdoutEnd/);
  });
});

describe('toDayNumber', () => {
  it('counts days since 1970-01-01 and rejects malformed input', () => {
    const place = { stage: 'test', field: 'date' };
    expect(toDayNumber('1970-01-01', place)).toBe(0);
    expect(toDayNumber('2000-03-01', place) - toDayNumber('2000-02-28', place)).toBe(2); // leap year
    expect(() => toDayNumber('1997-1-1', place)).toThrow(ClvError);
    expect(() => toDayNumber(3.5, place)).toThrow(/integer day number/);
  });
});
