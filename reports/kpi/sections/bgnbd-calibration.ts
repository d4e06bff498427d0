// Section: how well the BG/NBD model predicted repeat purchases in a holdout period, by calibration frequency.
import type { DB } from '../../../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../../../warehouse/query-builder.js';
import type { ReportSection } from '../../report-section.js';
import { okabeItoPalette } from '../../render/index.js';
import { missingTable } from '../../missing-table.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';
import { clvCalibrationTable } from '../upstream-tables.js';

const db = queryBuilder<DB>();

type Row = { frequency_cal: string; customers: number; predicted_holdout: number; actual_holdout: number };

export const bgnbdCalibration: ReportSection = {
  id: 'bgnbd-calibration',
  title: 'CLV model check (BG/NBD holdout)',
  definition: 'Mean repeat purchases per customer in a holdout period, predicted by the model fitted before it vs what happened, by repeat purchases in the calibration period.',
  async build(wh) {
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
    const total = (key: 'predicted_holdout' | 'actual_holdout') => rows.reduce((n, r) => n + r[key] * r.customers, 0);
    const figures = [
      figure({ label: 'Predicted holdout purchases', value: total('predicted_holdout'), unit: 'count', better: 'neither',
        definition: 'Repeat purchases the model predicted for all calibration customers in the holdout period.' }),
      figure({ label: 'Actual holdout purchases', value: total('actual_holdout'), unit: 'count', better: 'neither',
        definition: 'Repeat purchases those customers actually made in the holdout period.' }),
      figure({ label: 'Predicted / actual', value: ratio(total('predicted_holdout'), total('actual_holdout')), unit: 'rate', better: 'neither',
        definition: '100 % means the model got the total right; above over-predicts, below under-predicts.' }),
    ];
    if (rows.length === 0) return noData('clv_calibration has no rows: the holdout check has not produced any.', figures);
    const values = rows.flatMap((r) => [
      { frequency_cal: r.frequency_cal, series: 'Predicted', purchases: r.predicted_holdout, customers: r.customers },
      { frequency_cal: r.frequency_cal, series: 'Actual', purchases: r.actual_holdout, customers: r.customers },
    ]);
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: 'Holdout repeat purchases per customer: predicted vs actual',
          data: { values },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: { field: 'frequency_cal', type: 'ordinal', title: 'Repeat purchases in the calibration period', axis: { labelAngle: 0 } },
            y: { field: 'purchases', type: 'quantitative', title: 'Mean repeat purchases in holdout' },
            color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Actual', 'Predicted'], range: [okabeItoPalette[6]!, okabeItoPalette[1]!] }, legend: { orient: 'top' } },
            strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['Actual', 'Predicted'], range: [[1, 0], [6, 3]] }, legend: null },
            tooltip: [
              { field: 'frequency_cal', type: 'ordinal', title: 'Calibration repeat purchases' },
              { field: 'series', type: 'nominal', title: 'Series' },
              { field: 'purchases', type: 'quantitative', title: 'Mean holdout purchases', format: '.2f' },
              { field: 'customers', type: 'quantitative', title: 'Customers' },
            ],
          },
        },
      },
    };
  },
};
