import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChurnMetrics } from '../../transforms/churn-metrics.js';
import { runSqlModel } from '../../transforms/sql-model.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// The range-join formulation churn_metrics used before its running totals: a second derivation of every column.
const reference = pathToFileURL(path.join(import.meta.dirname, '../fixtures/churn/range-joins.sql'));

/** order_values for 400 customers over two years, from a fixed LCG: bursts of orders, long gaps, same-day repeats, refunds. */
async function seedRandomOrderValues(): Promise<void> {
  let seed = 42;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const rows: string[] = [];
  for (let c = 0; c < 400; c++) {
    let day = Math.floor(next() * 500);
    const orders = 1 + Math.floor(next() * next() * 12);
    for (let o = 0; o < orders; o++) {
      const gap = next() < 0.2 ? 0 : Math.floor(next() < 0.3 ? next() * 300 : next() * 40);
      day += gap;
      const at = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + Math.floor(next() * 86_400_000)).toISOString();
      const value = next() < 0.1 ? (next() < 0.5 ? 0 : -5) : 10 + Math.floor(next() * 90);
      rows.push(`('o${c}-${o}', ${c % 50 === 0 ? 'NULL' : `'c${c}'`}, '${at}'::TIMESTAMPTZ, ${value})`);
    }
  }
  await t.warehouse.run(`CREATE TABLE order_values (order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMPTZ, net_value DECIMAL(18,2));
    INSERT INTO order_values VALUES ${rows.join(', ')}`);
}

describe('churn_metrics running totals', () => {
  it('match the range-join definition row for row, for several windows and as-of dates', async () => {
    await seedRandomOrderValues();
    for (const asOf of ['2025-07-01', '2025-09-17', '2026-06-30']) {
      for (const inactivityDays of [7, 30, 60, 180]) {
        await runSqlModel(t.warehouse, reference, { as_of: asOf, churn_days: inactivityDays });
        const { months } = await buildChurnMetrics(t.warehouse, { asOf, inactivityDays });
        const [d] = await t.warehouse.all<{ missing: number; extra: number; churned: number }>(`SELECT
          (SELECT count(*) FROM (FROM churn_metrics_reference EXCEPT ALL FROM churn_metrics)) AS missing,
          (SELECT count(*) FROM (FROM churn_metrics EXCEPT ALL FROM churn_metrics_reference)) AS extra,
          (SELECT sum(churned_customers)::INTEGER FROM churn_metrics) AS churned`);
        expect({ asOf, inactivityDays, missing: d?.missing, extra: d?.extra }).toEqual({ asOf, inactivityDays, missing: 0, extra: 0 });
        expect(months).toBeGreaterThan(12);
        expect(d?.churned).toBeGreaterThan(0); // the comparison covers churn, not only empty months
        const types = await t.warehouse.all<{ t: string }>(`SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS t
          FROM information_schema.columns WHERE table_name IN ('churn_metrics', 'churn_metrics_reference') GROUP BY table_name`);
        expect(types[0]?.t).toBe(types[1]?.t);
      }
    }
  });
});
