// Writes `rapport clv fit --predictions FILE`: one CSV row per customer with their history and predictions.
import { writeFile } from 'node:fs/promises';
import { writeAtomically } from '../../shared/write-atomically.js';
import type { ClvFitResultMaybeSpend } from '../../transforms/clv/index.js';
import { predictCustomers } from '../../transforms/clv-customer-predictions.js';
import type { WarehouseClvSummary } from '../../transforms/clv-summary.js';

/** The columns of the predictions file, in order (docs/clv.md, "`rapport clv fit`"). */
export const predictionColumns = ['customer_id', 'frequency', 'recency', 'T', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'] as const;

/** Horizons of the predictions; CLV discounts monthly, as `analytics.clv` does. */
export interface PredictionHorizons {
  readonly horizonDays: number;
  readonly clvMonths: number;
  readonly monthlyDiscountRate: number;
}

/**
 * Predicts every customer of `summary` with the fitted models and writes the CSV atomically (a failed write is
 * kept as `<file>.err`). frequency, recency and T are in the model's period; expected_spend and clv are empty
 * without a spend model (no amount column); a value the closed forms cannot evaluate is empty too.
 * @example await writePredictionsFile('predictions.csv', summary, fit, { horizonDays: 90, clvMonths: 12, monthlyDiscountRate: 0.01 });
 */
export async function writePredictionsFile(file: string, summary: WarehouseClvSummary, fit: ClvFitResultMaybeSpend, h: PredictionHorizons): Promise<void> {
  const spend = fit.gammaGamma;
  // The pipeline's per-customer predictions with these models; the fallback spend is never used when spend is fitted.
  const predicted = predictCustomers(summary, fit.bgnbd, {
    bgnbd: null, gammaGamma: spend && { ...spend, converged: true, iterations: 0 }, spendModel: 'gamma-gamma', meanTransactionValue: NaN, warnings: [],
  }, { period: summary.period, ...h });
  const cell = (v: number) => (Number.isFinite(v) ? String(v) : '');
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [predictionColumns.join(',')];
  for (let i = 0; i < summary.x.length; i++) {
    lines.push([
      quote(summary.customers[i]!), cell(summary.x[i]!), cell(summary.tx[i]!), cell(summary.T[i]!), cell(predicted.pAlive[i]!),
      cell(predicted.expectedPurchases[i]!), spend ? cell(predicted.expectedSpend[i]!) : '', spend ? cell(predicted.clv[i]!) : '',
    ].join(','));
  }
  await writeAtomically(file, (tmp) => writeFile(tmp, `${lines.join('\n')}\n`));
}
