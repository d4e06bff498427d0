// Section: how well the BG/NBD model predicted repeat purchases in a holdout period, by calibration frequency.
import type { DB } from '../../../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../../../warehouse/query-builder.js';
import type { ReportSection } from '../../report-section.js';
import { okabeItoPalette } from '../../render/index.js';
import { missingTable } from '../../missing-table.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';
import { clvCalibrationTable } from '../upstream-tables.js';
import { clvReliability } from '../clv-reliability.js';
import { modelTerm, tableTerm } from '../../glossary.js';
import { clvCalibration } from '../../../transforms/contracts/index.js';

const db = queryBuilder<DB>();

type Row = { frequency_cal: string; customers: number; predicted_holdout: number; actual_holdout: number };

export const bgnbdCalibration: ReportSection = {
  id: 'bgnbd-calibration',
  title: 'How accurate the purchase predictions are',
  definition: 'The purchase model, fitted on the orders before a cut-off date, predicted the repeat purchases of the months after it (the test period); here is its prediction against what happened, by how often customers bought before the cut-off.',
  glossary: [modelTerm('BG/NBD'), tableTerm(clvCalibration)],
  async build(wh, params) {
    const missing = await missingTable(wh, ...clvCalibrationTable);
    if (missing) return notComputed(missing);
    // A fit at a boundary leaves predictions NULL (with the reason since predicted_null_reason exists): no figures, not zeros.
    // selectAll (SELECT *): a table written before predicted_null_reason existed has no such column.
    const [unpredicted] = await selectRows<Partial<DB['clv_calibration']>>(wh, db.selectFrom('clv_calibration').selectAll()
      .where('predicted', 'is', null).where('customers', '>', 0).limit(1));
    if (unpredicted) return notComputed(`the holdout predictions could not be computed: ${unpredicted.predicted_null_reason ?? 'predicted is NULL in clv_calibration'}`);
    const rows = await wh.all<Row>(
      // clv_calibration holds bucket totals ('0'..'6', '7+'); the chart shows means per customer.
      `SELECT calibration_purchases AS frequency_cal, customers,
              predicted::DOUBLE / customers AS predicted_holdout, actual::DOUBLE / customers AS actual_holdout
       FROM clv_calibration WHERE customers > 0
       ORDER BY CAST(rtrim(calibration_purchases, '+') AS INTEGER)`,
    );
    // No rows: the check did not run (too little history, or nobody bought twice before the cut-off): no figures, not zeros.
    const total = (key: 'predicted_holdout' | 'actual_holdout') => (rows.length === 0 ? null : rows.reduce((n, r) => n + r[key] * r.customers, 0));
    const [predicted, actual] = [total('predicted_holdout'), total('actual_holdout')];
    const figures = [
      figure({ label: 'Predicted repeat purchases, test period', value: predicted, unit: 'count', better: 'neither',
        definition: 'Repeat purchases the model predicted for the test period, for the customers who had bought before the cut-off.' }),
      figure({ label: 'Actual repeat purchases, test period', value: actual, unit: 'count', better: 'neither',
        definition: 'Repeat purchases those customers actually made in the test period.' }),
      figure({ label: 'Predicted / actual', value: predicted === null || actual === null ? null : ratio(predicted, actual), unit: 'rate', better: 'neither',
        definition: '100 % means the model got the total right; above over-predicts, below under-predicts.' }),
    ];
    if (rows.length === 0) {
      return { ...noData('The check has not run yet: it needs a longer order history (at least two test periods long) and customers who bought twice before the cut-off date. '
        + 'Until it runs, the predicted values are untested.', figures), reliability: await clvReliability(wh, params) };
    }
    const values = rows.flatMap((r) => [
      { frequency_cal: r.frequency_cal, series: 'Predicted', purchases: r.predicted_holdout, customers: r.customers },
      { frequency_cal: r.frequency_cal, series: 'Actual', purchases: r.actual_holdout, customers: r.customers },
    ]);
    return {
      figures,
      reliability: await clvReliability(wh, params),
      chart: {
        kind: 'chart',
        spec: {
          title: 'Repeat purchases per customer in the test period: predicted and actual',
          data: { values },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: { field: 'frequency_cal', type: 'ordinal', title: 'Repeat purchases before the cut-off date', axis: { labelAngle: 0 } },
            y: { field: 'purchases', type: 'quantitative', title: 'Per customer, test period' },
            color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Actual', 'Predicted'], range: [okabeItoPalette[6]!, okabeItoPalette[1]!] }, legend: { orient: 'top' } },
            strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['Actual', 'Predicted'], range: [[1, 0], [6, 3]] }, legend: null },
            tooltip: [
              { field: 'frequency_cal', type: 'ordinal', title: 'Repeat purchases before the cut-off' },
              { field: 'series', type: 'nominal', title: 'Series' },
              { field: 'purchases', type: 'quantitative', title: 'Per customer, test period', format: '.2f' },
              { field: 'customers', type: 'quantitative', title: 'Customers' },
            ],
          },
        },
      },
    };
  },
};
