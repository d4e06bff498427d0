// clv_calibration: a holdout at the end of the warehouse's history, checked on CDNOW and on too-short histories.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitBgNbd, holdoutComparison, summarizeTransactions } from '../../transforms/clv/index.js';
import { buildClvCalibration } from '../../transforms/clv-calibration.js';
import { literal } from '../../warehouse/warehouse.js';
import { datasetPath } from '../helpers/datasets.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

async function cdnowOrderValues(): Promise<void> {
  await t.warehouse.run(`CREATE TABLE order_values AS
    SELECT 'o' || row_number() OVER () AS order_id, f[1] AS customer_id, strptime(f[3], '%Y%m%d') AS ordered_at,
           f[5]::DECIMAL(18,2) AS net_value
    FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS f
          FROM read_csv(${literal(datasetPath('cdnow/CDNOW_sample.txt'))}, columns = {'line': 'VARCHAR'}, header = false,
                        delim = '\\x1f', quote = '', escape = '', auto_detect = false))`);
}

describe('buildClvCalibration', () => {
  it('holds out the last 273 days of CDNOW (weeks 40-78) and compares predicted with actual repeat purchases', async () => {
    await cdnowOrderValues();
    const result = await buildClvCalibration(t.warehouse, { asOf: '1998-07-01', period: 'week', holdoutDays: 273 });
    expect(result).toEqual({ rows: 8, calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
    const rows = await t.warehouse.all<{ calibration_purchases: string; customers: number; actual: number; predicted: number; as_of: string }>(
      'SELECT * EXCLUDE (calibration_end, holdout_end) FROM clv_calibration');
    expect(rows.map((r) => r.calibration_purchases)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);

    // The same procedure with the pure library on the same counted orders.
    const tx = await t.warehouse.all<{ customer: string; date: string; amount: number }>(
      `SELECT customer_id AS customer, strftime(ordered_at, '%Y-%m-%d') AS date, net_value::DOUBLE AS amount FROM order_values WHERE net_value > 0`);
    const summary = summarizeTransactions(tx, { period: 'week', calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
    const expected = holdoutComparison(fitBgNbd(summary), { ...summary, holdoutPurchases: summary.holdoutPurchases! }, 39);
    rows.forEach((row, k) => {
      const e = expected.byFrequency[k]!;
      expect(row).toMatchObject({ customers: e.customers, actual: e.actual, as_of: '1998-07-01' });
      expect(row.predicted).toBeCloseTo(e.predicted, 6);
    });
    const actual = rows.reduce((s, r) => s + r.actual, 0);
    const predicted = rows.reduce((s, r) => s + r.predicted, 0);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(2349);
    expect(Math.abs(predicted / actual - 1)).toBeLessThan(0.15); // the ~12 % under-forecast of this period, see docs/clv.md, "Validation on CDNOW"
  });

  it('empties the table and says why when the calibration period would be shorter than the holdout', async () => {
    await cdnowOrderValues();
    await buildClvCalibration(t.warehouse, { asOf: '1998-07-01', period: 'week', holdoutDays: 273 });
    const result = await buildClvCalibration(t.warehouse, { asOf: '1998-07-01', period: 'week', holdoutDays: 274 });
    expect(result.rows).toBe(0);
    expect(result.warning).toMatch(/not enough history for a 274-day holdout: the first counted order \(1997-01-01\) must be on or before 1996-12-30/);
    expect(await t.warehouse.all('SELECT * FROM clv_calibration')).toEqual([]);
  });

  it('does not fail on an empty order history', async () => {
    await t.warehouse.run('CREATE TABLE order_values (order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMP, net_value DECIMAL(18,2))');
    const result = await buildClvCalibration(t.warehouse, { asOf: '2026-01-01', period: 'day', holdoutDays: 30 });
    expect(result.warning).toMatch(/first counted order \(none\)/);
  });
});

describe('buildClvCalibration when the calibration fit runs off to a boundary', () => {
  // The counted orders of the generated sample at 300 customers, seed 42 (`rapport sample --customers 300 --seed 42`):
  // the calibration fit ends at a, b → ∞, where every E[Y] is NaN. Pasted into SQL, NaN read as a column named "NaN".
  it('stores NULL predictions with the reason, in the table and in the warning, instead of failing', async () => {
    await t.warehouse.run(`CREATE TABLE order_values AS SELECT customer_id, ordered_at::TIMESTAMP AS ordered_at, net_value::DECIMAL(18,2) AS net_value
      FROM read_csv(${literal(path.resolve(import.meta.dirname, '../fixtures/clv/sample-300-seed42-orders.csv'))}, header = true, all_varchar = true)`);
    const result = await buildClvCalibration(t.warehouse, { asOf: '2026-10-31', period: 'week', holdoutDays: 90 });
    expect(result).toMatchObject({ rows: 8, calibrationEnd: '2026-08-01', holdoutEnd: '2026-10-30' });
    expect(result.warning).toMatch(/predicted is NULL for '0', '1', .*'7\+': the calibration BG\/NBD fit ran off to a boundary \(r=[\d.]+, alpha=[\d.]+, a=\d/);
    const rows = await t.warehouse.all<{ calibration_purchases: string; customers: number; actual: number; predicted: number | null; predicted_null_reason: string | null }>(
      'SELECT calibration_purchases, customers, actual, predicted, predicted_null_reason FROM clv_calibration');
    expect(rows.map((r) => r.calibration_purchases)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(rows.reduce((n, r) => n + r.customers, 0)).toBe(126);
    for (const r of rows) {
      expect(r.predicted).toBeNull();
      expect(r.predicted_null_reason).toMatch(/^the calibration BG\/NBD fit ran off to a boundary .*does not evaluate to a number$/);
    }
  });

  it('leaves predicted_null_reason NULL where the prediction is a number', async () => {
    await cdnowOrderValues();
    await buildClvCalibration(t.warehouse, { asOf: '1998-07-01', period: 'week', holdoutDays: 273 });
    expect(await t.warehouse.all('SELECT count(*) AS n FROM clv_calibration WHERE predicted IS NULL OR predicted_null_reason IS NOT NULL')).toEqual([{ n: 0 }]);
  });
});
