// Tests for the top-level CLV fit on the CDNOW sample, reproducing the published estimates.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from '../../../transforms/clv/bg-nbd-predict.js';
import { ClvError } from '../../../transforms/clv/clv-error.js';
import { fitClv } from '../../../transforms/clv/fit-clv.js';
import type { ClvFitResult } from '../../../transforms/clv/fit-clv.js';
import { summarizeTransactions } from '../../../transforms/clv/summarize-transactions.js';
import type { CustomerSummary, Transaction } from '../../../transforms/clv/summarize-transactions.js';
import { datasetPath } from '../../helpers/datasets.js';

const CDNOW = datasetPath('cdnow/CDNOW_sample.txt');

// Columns: master_id sample_id yyyymmdd n_cds dollars, whitespace separated, no header.
function readCdnow(): Transaction[] {
  return readFileSync(CDNOW, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [id, , day, , dollars] = line.trim().split(/\s+/);
      return { customer: id!, date: `${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6, 8)}`, amount: Number(dollars) };
    });
}

describe('fitClv on CDNOW (39-week calibration to 1997-09-30, holdout to 1998-06-30, weeks)', () => {
  let transactions: Transaction[];
  let summary: CustomerSummary;
  let result: ClvFitResult;

  beforeAll(() => {
    transactions = readCdnow();
    summary = summarizeTransactions(transactions, {
      period: 'week',
      calibrationEnd: '1997-09-30',
      holdoutEnd: '1998-06-30',
    });
    result = fitClv(summary);
  });

  it('summarises the 6,919 rows into 2,357 customers with 2,457 calibration repeat purchases', () => {
    expect(transactions).toHaveLength(6919);
    expect(result.customers).toBe(2357);
    expect(summary.x.reduce((s, v) => s + v, 0)).toBe(2457);
    expect(summary.holdoutLength).toBe(39);
  });

  it('reproduces the published BG/NBD estimates r=0.243, α=4.414, a=0.793, b=2.426, LL=-9582.4', () => {
    expect(result.bgnbd.converged).toBe(true);
    // Tolerance 0.5 % relative: the published values are rounded to 3 decimals (up to 0.2 % for
    // r = 0.243), and both optimisers stop within ~1e-6 of the optimum.
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(result.bgnbd[key] / published[key] - 1)).toBeLessThan(0.005);
    }
    // The published log-likelihood is rounded to 0.1.
    expect(Math.abs(result.bgnbd.logLikelihood - -9582.4)).toBeLessThan(0.1);
  });

  it('reproduces the published Gamma-Gamma estimates p=6.25, q=3.74, γ=15.44 on the 946 repeat customers', () => {
    expect(result.gammaGamma.customers).toBe(946);
    // Same 0.5 % tolerance: the published values are rounded to 2 decimals (0.13 % for q = 3.74).
    const published = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(result.gammaGamma[key] / published[key] - 1)).toBeLessThan(0.005);
    }
    expect(Number.isFinite(result.gammaGamma.logLikelihood)).toBe(true);
  });

  it('leaves repeat customers worth nothing out of the spend model when asked, and fits no spend model with spend: false', () => {
    const first = summary.x.findIndex((x) => x > 0);
    const monetary = Float64Array.from(summary.monetary, (m, i) => (i === first ? 0 : m));
    const skipped = fitClv({ ...summary, monetary }, { nonPositiveSpend: 'skip' });
    expect(skipped.spendSkipped).toBe(1);
    expect(skipped.gammaGamma?.customers).toBe(945);
    expect(() => fitClv({ ...summary, monetary })).toThrow(new RegExp(`monetary row ${first}`));
    const buying = fitClv(summary, { spend: false });
    expect(buying.gammaGamma).toBeNull();
    expect(buying.bgnbd).toEqual(result.bgnbd);
  });

  it('tracks the actual holdout repeat purchases, in total and by calibration frequency', () => {
    const holdout = result.holdout!;
    expect(holdout.length).toBe(39);
    // 6,696 merged transactions − 2,357 first purchases − 2,457 calibration repeats.
    expect(holdout.actual).toBe(1882);
    // The prediction is what the published parameters imply (a check on this code) ...
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    let fromPublished = 0;
    for (let i = 0; i < summary.x.length; i++) {
      fromPublished += conditionalExpectedPurchases(published, 39, summary.x[i]!, summary.tx[i]!, summary.T[i]!);
    }
    expect(Math.abs(holdout.predicted / fromPublished - 1)).toBeLessThan(0.005);
    // ... and it under-forecasts this holdout by ~12 % (1,653 vs 1,882). Poisson-like noise on 1,882
    // purchases is only ~3 %, so the gap is the stationary model missing CDNOW's changing
    // purchasing in 1997-98, not estimation error: a 10 % bound would test the model, not the code.
    // 15 % still fails for a wrong horizon or time unit, which move the total by 20 % or more.
    expect(Math.abs(holdout.predicted / holdout.actual - 1)).toBeLessThan(0.15);
    const rows = holdout.byFrequency;
    expect(rows.map((row) => row.customers).reduce((s, v) => s + v, 0)).toBe(2357);
    for (let k = 1; k < rows.length; k++) {
      expect(rows[k]!.predictedMean).toBeGreaterThan(rows[k - 1]!.predictedMean);
    }
    for (const row of rows) {
      // Per group the conditional expectation stays within 30 % of the actual mean (x = 1, 2 are the worst, ~25 % low).
      expect(Math.abs(row.predictedMean / row.actualMean - 1)).toBeLessThan(0.3);
    }
  });

  it('returns exactly the public contract fields', () => {
    expect(Object.keys(result).sort()).toEqual(['bgnbd', 'customers', 'gammaGamma', 'holdout']);
    expect(Object.keys(result.bgnbd).sort()).toEqual(['a', 'alpha', 'b', 'converged', 'logLikelihood', 'r']);
    expect(Object.keys(result.gammaGamma).sort()).toEqual(['customers', 'gamma', 'logLikelihood', 'p', 'q']);
    const withoutHoldout = fitClv({ x: summary.x, tx: summary.tx, T: summary.T, monetary: summary.monetary });
    expect(withoutHoldout.holdout).toBeUndefined();
    expect(withoutHoldout.bgnbd.r).toBeCloseTo(result.bgnbd.r, 8);
  });
});

describe('fitClv input checks', () => {
  const tiny = { x: [1, 0, 2], tx: [3, 0, 5], T: [10, 10, 10], monetary: [20, 0, 30] };

  it('rejects unknown or invalid options with the zod issue path', () => {
    expect(() => fitClv(tiny, { maxIterations: 0 })).toThrow(ClvError);
    expect(() => fitClv(tiny, { maxIterations: 0 })).toThrow(/options\.maxIterations/);
    expect(() => fitClv(tiny, { tolerance: 1 } as never)).toThrow(/clv\.fitClv: options/);
  });

  it('rejects a holdout count without a holdout length, and invalid rows', () => {
    expect(() => fitClv({ ...tiny, holdoutPurchases: [0, 0, 1] })).toThrow(/holdoutPurchases and holdoutLength/);
    expect(() => fitClv({ ...tiny, holdoutPurchases: [0, -1, 1], holdoutLength: 5 })).toThrow(/holdoutPurchases row 1/);
    expect(() => fitClv({ ...tiny, tx: [3, 0, 11] })).toThrow(/tx row 2/);
    expect(() => fitClv({ ...tiny, monetary: [20, 0, -1] })).toThrow(/monetary row 2/);
  });

  it('throws instead of returning a spend model that did not converge', () => {
    // Two repeat customers cannot pin down three parameters: the likelihood keeps rising towards a boundary.
    expect(() => fitClv(tiny)).toThrow(/gammaGamma: spend model did not converge/);
  });
});
