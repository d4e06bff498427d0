// clv_predictions and clv_models from order_values: CDNOW reproduces the library, degenerate data falls back without failing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  conditionalExpectedPurchases, customerLifetimeValue, fitClv, probabilityAlive, summarizeTransactions,
} from '../../transforms/clv/index.js';
import type { Transaction } from '../../transforms/clv/index.js';
import { churnRiskBand } from '../../transforms/clv-customer-predictions.js';
import { buildClvPredictions } from '../../transforms/clv-predictions.js';
import { literal } from '../../warehouse/warehouse.js';
import { datasetPath } from '../helpers/datasets.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const settings = { period: 'week', horizonDays: 90, clvMonths: 12, monthlyDiscountRate: 0.01 } as const;

async function orderValues(rows: readonly Transaction[]): Promise<void> {
  await t.warehouse.run(`CREATE OR REPLACE TABLE order_values (order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMP, net_value DECIMAL(18,2), cancelled BOOLEAN, currency VARCHAR)`);
  for (const [i, r] of rows.entries()) {
    await t.warehouse.run(`INSERT INTO order_values VALUES ($1, $2, $3::TIMESTAMP, $4, false, 'USD')`, [`o${i}`, String(r.customer), `${r.date} 12:00:00`, r.amount]);
  }
}

async function cdnowOrderValues(): Promise<void> {
  await t.warehouse.run(`CREATE TABLE order_values AS
    SELECT 'o' || row_number() OVER () AS order_id, f[1] AS customer_id, strptime(f[3], '%Y%m%d') AS ordered_at,
           f[5]::DECIMAL(18,2) AS net_value, false AS cancelled, 'USD' AS currency
    FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS f
          FROM read_csv(${literal(datasetPath('cdnow/CDNOW_sample.txt'))}, columns = {'line': 'VARCHAR'}, header = false,
                        delim = '\\x1f', quote = '', escape = '', auto_detect = false))`);
}

describe('buildClvPredictions', () => {
  it('fits CDNOW as of 1997-10-01 like the library and writes one prediction per customer', async () => {
    await cdnowOrderValues();
    const result = await buildClvPredictions(t.warehouse, { asOf: '1997-10-01', ...settings });
    expect(result.warnings).toEqual([]);
    // 8 of the 2,357 sample customers have only $0.00 purchases, which are not counted orders.
    expect(result.customers).toBe(2349);

    const tx = await t.warehouse.all<{ customer: string; date: string; amount: number }>(
      `SELECT customer_id AS customer, strftime(ordered_at, '%Y-%m-%d') AS date, net_value::DOUBLE AS amount FROM order_values WHERE net_value > 0`);
    const summary = summarizeTransactions(tx, { period: 'week', calibrationEnd: '1997-09-30' });
    const reference = fitClv(summary);

    const [model] = await t.warehouse.all<Record<string, unknown>>('SELECT * FROM clv_models');
    expect(model).toMatchObject({
      as_of: '1997-10-01', calibration_end: '1997-09-30', period: 'week', customers: 2349, repeat_customers: reference.gammaGamma.customers,
      bgnbd_converged: true, spend_model: 'gamma-gamma', gamma_gamma_converged: true, gamma_gamma_customers: reference.gammaGamma.customers, warnings: [],
    });
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(model![key]).toBeCloseTo(reference.bgnbd[key], 4);
    for (const key of ['p', 'q', 'gamma'] as const) expect(model![key]).toBeCloseTo(reference.gammaGamma[key], 3);
    expect(reference.customers).toBe(2349);

    const predictions = await t.warehouse.all<Record<string, number | string>>('SELECT * FROM clv_predictions ORDER BY customer_id');
    expect(predictions).toHaveLength(2349);
    const params = { r: model!.r as number, alpha: model!.alpha as number, a: model!.a as number, b: model!.b as number };
    const spend = { p: model!.p as number, q: model!.q as number, gamma: model!.gamma as number };
    const clv = customerLifetimeValue(params, spend, summary, { period: 'week', months: 12, monthlyDiscountRate: 0.01 });
    const at = new Map(summary.customers.map((c, i) => [String(c), i]));
    for (const row of predictions) {
      const i = at.get(row.customer_id as string)!;
      const [x, txi, T] = [summary.x[i]!, summary.tx[i]!, summary.T[i]!];
      expect(row.repeat_purchases).toBe(x);
      expect(row.p_alive).toBeCloseTo(probabilityAlive(params, x, txi, T), 12);
      expect(row.expected_purchases_90d).toBeCloseTo(conditionalExpectedPurchases(params, 90 / 7, x, txi, T), 12);
      expect(row.predicted_clv_12m).toBeCloseTo(clv[i]!, 9);
      expect(row.churn_risk).toBe(churnRiskBand(row.p_alive as number));
      expect(row).toMatchObject({ horizon_days: 90, clv_months: 12, as_of: '1997-10-01' });
    }
    const bands = new Set(predictions.map((r) => r.churn_risk));
    expect([...bands].sort()).toEqual(['high', 'low', 'medium']);
  });

  it('falls back to observed spend with a recorded warning when too few customers repeat', async () => {
    await orderValues([
      { customer: 'a', date: '2026-01-05', amount: 10 }, { customer: 'a', date: '2026-02-05', amount: 30 },
      { customer: 'a', date: '2026-03-05', amount: 50 }, { customer: 'b', date: '2026-01-10', amount: 20 },
      { customer: 'c', date: '2026-02-01', amount: 40 }, { customer: 'c', date: '2026-02-01', amount: 5 },
      { customer: 'd', date: '2026-01-20', amount: 12 }, { customer: 'd', date: '2026-04-20', amount: 0 }, // not counted
    ]);
    const result = await buildClvPredictions(t.warehouse, { asOf: '2026-04-01', ...settings });
    expect(result.warnings.join('\n')).toMatch(/only 1 customers with repeat purchases .*Gamma-Gamma/);
    const rows = await t.warehouse.all<{ customer_id: string; expected_avg_spend: number; p_alive: number }>(
      'SELECT customer_id, expected_avg_spend, p_alive FROM clv_predictions ORDER BY customer_id');
    expect(rows.map((r) => r.customer_id)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows[0]!.expected_avg_spend).toBe(40); // a: mean of the repeat purchases 30 and 50
    const mean = (10 + 30 + 50 + 20 + 45 + 12) / 6; // all calibration transactions, same-day merged
    for (const r of rows.slice(1)) expect(r.expected_avg_spend).toBeCloseTo(mean, 9);
    const [model] = await t.warehouse.all<{ spend_model: string; warnings: string[]; p: number | null }>('SELECT spend_model, warnings, p FROM clv_models');
    expect(model).toMatchObject({ spend_model: 'observed-mean', p: null });
    expect(model!.warnings).toHaveLength(result.warnings.length);
  });

  it('writes no predictions but records why when nobody has repeated, and replaces the as-of row on re-runs', async () => {
    await orderValues([{ customer: 'a', date: '2026-01-05', amount: 10 }, { customer: 'b', date: '2026-01-06', amount: 20 }]);
    const first = await buildClvPredictions(t.warehouse, { asOf: '2026-04-01', ...settings });
    expect(first.customers).toBe(0);
    expect(first.warnings[0]).toMatch(/none of the 2 customers made a repeat purchase/);
    await buildClvPredictions(t.warehouse, { asOf: '2026-04-01', ...settings });
    expect(await t.warehouse.all('SELECT * FROM clv_predictions')).toEqual([]);
    const models = await t.warehouse.all<{ customers: number; r: number | null }>('SELECT customers, r FROM clv_models');
    expect(models).toEqual([{ customers: 2, r: null }]);
  });

  it('handles a warehouse without counted orders', async () => {
    await orderValues([]);
    const result = await buildClvPredictions(t.warehouse, { asOf: '2026-04-01', ...settings });
    expect(result.warnings).toEqual([expect.stringMatching(/no customers/), expect.stringMatching(/only 0 customers/)]);
    expect(await t.warehouse.all('SELECT * FROM clv_predictions')).toEqual([]);
  });
});
