// Section: how predicted 12-month customer value is spread over customers, from clv_predictions.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { figure, noData, notComputed } from '../section-view.js';
import { moneyUnit } from '../order-periods.js';
import { clvPredictionsTable } from '../upstream-tables.js';
import { clvReliability } from '../clv-reliability.js';
import { modelTerm, tableTerm } from '../../glossary.js';
import { clvModels, clvPredictions } from '../../../transforms/contracts/index.js';

/** Roughly how many bars the histogram has. */
const TARGET_BINS = 20;

export const clvDistribution: ReportSection = {
  id: 'clv-distribution',
  title: 'Predicted customer value',
  definition: 'What each customer is expected to spend over the next 12 months, net of refunds: how often the purchase model expects them to buy, times what they spend per order.',
  glossary: [modelTerm('CLV'), modelTerm('BG/NBD'), modelTerm('Gamma-Gamma'), tableTerm(clvPredictions), tableTerm(clvModels)],
  async build(wh, params) {
    const missing = await missingTable(wh, ...clvPredictionsTable);
    if (missing) return notComputed(missing);
    const unit = await moneyUnit(wh, params);
    const reliability = await clvReliability(wh, params);
    const [stats] = await wh.all<{ customers: number; total: number | null; median: number | null; max: number | null }>(
      `SELECT count(*) AS customers, sum(predicted_clv_12m)::DOUBLE AS total, median(predicted_clv_12m)::DOUBLE AS median,
              max(predicted_clv_12m)::DOUBLE AS max
       FROM clv_predictions WHERE predicted_clv_12m IS NOT NULL`,
    );
    const figures = [
      figure({ label: `Predicted 12-month value, all customers${unit}`, value: stats?.total ?? null, unit: 'money', better: 'up',
        definition: 'What all customers with a prediction are expected to spend in the next 12 months, together.' }),
      figure({ label: `Median predicted 12-month value${unit}`, value: stats?.median ?? null, unit: 'money', better: 'up',
        definition: 'Half of the customers with a prediction are expected to spend less than this in the next 12 months.' }),
      figure({ label: 'Customers with a prediction', value: stats?.customers ?? 0, unit: 'count', better: 'neither',
        definition: 'Customers with at least one order, for whom the model could predict a value.' }),
    ];
    if (!stats || stats.customers === 0) return { ...noData('No customer has a predicted 12-month value yet.', figures), reliability };
    const step = niceStep(Math.max(stats.max ?? 0, 1) / TARGET_BINS);
    const values = await wh.all<{ bin_start: number; bin_end: number; customers: number }>(
      `SELECT b * $1 AS bin_start, (b + 1) * $1 AS bin_end, count(*) AS customers
       FROM (SELECT floor(greatest(predicted_clv_12m::DOUBLE, 0) / $1) AS b FROM clv_predictions WHERE predicted_clv_12m IS NOT NULL)
       GROUP BY b ORDER BY b`,
      [step],
    );
    return {
      figures,
      reliability,
      chart: {
        kind: 'chart',
        spec: {
          title: 'Customers by predicted 12-month value',
          data: { values },
          mark: { type: 'bar', tooltip: true, binSpacing: 1 },
          encoding: {
            x: { field: 'bin_start', type: 'quantitative', bin: { binned: true, step }, title: 'Predicted 12-month value', axis: { format: ',.0f' } },
            x2: { field: 'bin_end' },
            y: { field: 'customers', type: 'quantitative', title: 'Customers', axis: { tickMinStep: 1 } },
          },
        },
      },
    };
  },
};

/** The smallest 1, 2 or 5 times a power of ten that is at least `raw`, so bin edges are round numbers. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}
