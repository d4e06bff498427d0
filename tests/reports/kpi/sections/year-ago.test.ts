// The headline order and customer figures against the same period a year earlier, hand-worked on a small history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportPeriod } from '../../../../reports/period.js';
import { customers } from '../../../../reports/kpi/sections/customers.js';
import { revenueOrders } from '../../../../reports/kpi/sections/revenue-orders.js';
import { yearAgoText } from '../../../../reports/kpi/figure-text.js';
import { buildKpiReport } from '../../../../reports/kpi/build-kpi-report.js';
import { renderKpiReport } from '../../../../reports/kpi/render-kpi-report.js';
import { tempWarehouse, type TempWarehouse } from '../../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// As of 2026-03-02 the week is Mon 2026-02-23 to Sun 2026-03-01; 52 weeks earlier, Mon 2025-02-24 to Sun 2025-03-02.
const params = () => ({ asOf: '2026-03-02', period: reportPeriod('2026-03-02', 'week'), shared: new Map() });
const ordersTable = 'CREATE TABLE order_values (order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMP, net_value DECIMAL(18,2), currency VARCHAR)';
const orders = (rows: [string, string | null, string, number][]) =>
  t.warehouse.run(`${ordersTable}; INSERT INTO order_values VALUES ${rows.map(([id, c, at, v]) => `('${id}', ${c === null ? 'NULL' : `'${c}'`}, '${at}', ${v}, 'EUR')`).join(', ')}`);

/** Each figure's label with its second change line. */
async function yearAgoLines(): Promise<Record<string, string | undefined>> {
  const p = params();
  const figures = [...(await revenueOrders.build(t.warehouse, p)).figures, ...(await customers.build(t.warehouse, p)).figures];
  return Object.fromEntries(figures.map((f) => [f.label, yearAgoText(f)?.text]));
}

/** The report of the two order sections: its page and its summary sentences. */
async function reportPage(): Promise<{ html: string; summary: string[] }> {
  const report = await buildKpiReport(t.warehouse, { asOf: '2026-03-02', period: 'week', generatedAt: '2026-03-02T06:00:00Z', runId: 'r' }, [revenueOrders, customers]);
  const files = await renderKpiReport(report);
  return { html: String(files.find((f) => f.name === 'index.html')!.body), summary: report.summary.moves.map((m) => m.sentence) };
}

describe('comparison with the same period a year earlier', () => {
  it('compares each headline figure with the same week a year earlier when the history reaches back that far', async () => {
    await orders([
      ['o1', 'c1', '2025-01-10 09:00', 100], // history starts before the year-earlier week
      ['o2', 'c1', '2025-02-25 10:00', 50], // the year-earlier week: c1 (second order), c2 (first ever: new), c3's refund
      ['o3', 'c2', '2025-03-01 12:00', 30],
      ['o4', 'c3', '2025-02-26 08:00', -20],
      ['o5', 'c1', '2025-03-03 08:00', 999], // the Monday after: outside it
      ['o6', 'c1', '2026-02-17 10:00', 10], // the week before
      ['o7', 'c1', '2026-02-24 10:00', 80], // this week: c1, c4 (new), c2
      ['o8', 'c4', '2026-02-25 10:00', 40],
      ['o9', 'c2', '2026-02-28 10:00', 60],
    ]);
    // A year earlier: revenue 50 + 30 - 20 = 60; 2 counted orders worth 80, so 40 on average; active c1, c2; new c2;
    // returning c1; repeat rate at its end: c1 has 2 orders, c2 1 -> 1/2. This week: revenue 180, 3 orders, 60 on
    // average, active 3, new 1 (c4), returning 2; repeat rate: c1 5 orders, c2 2, c4 1 -> 2/3.
    const label = '2025-02-24 to 2025-03-02, a year earlier';
    const page = await reportPage();
    expect(page.html).toContain('revenue, orders and customers also with 2025-02-24 to 2025-03-02 (the same week a year earlier)');
    expect(page.html).toContain('▲ 200.0% vs a year earlier (60.00)'); // under the figure, the header names the week
    expect(page.summary).toContain(`Net revenue (EUR): rose 1700.0% to 180.00, from 10.00 in 2026-02-16 to 2026-02-22: good news. Against ${label}: ▲ 200.0% (60.00).`);
    expect(await yearAgoLines()).toEqual({
      'Net revenue (EUR)': `▲ 200.0% vs ${label} (60.00)`,
      Orders: `▲ 50.0% vs ${label} (2)`,
      'Average order value (EUR)': `▲ 50.0% vs ${label} (40.00)`,
      'Active customers': `▲ 50.0% vs ${label} (2)`,
      'New customers': `= unchanged vs ${label}`,
      'Returning customers': `▲ 100.0% vs ${label} (1)`,
      'Repeat purchase rate': `▲ 16.7 pts vs ${label} (50.0%)`,
    });
  });

  it('says plainly that there is nothing a year earlier to compare with, rather than showing zeros', async () => {
    await orders([['o1', 'c1', '2025-06-01 09:00', 100], ['o2', 'c1', '2026-02-24 10:00', 80]]);
    const lines = await yearAgoLines();
    expect(lines['Net revenue (EUR)']).toBe('no comparison with 2025-02-24 to 2025-03-02, a year earlier: the order history starts on 2025-06-01');
    expect(new Set(Object.values(lines)).size).toBe(1); // every headline figure says the same
    const figures = (await revenueOrders.build(t.warehouse, params())).figures;
    expect(figures.map((f) => f.yearAgo?.previous)).toEqual([null, null, null]);
    const page = await reportPage();
    // Said once per section on the page, not under each figure.
    expect(page.html.split('No comparison with 2025-02-24 to 2025-03-02, a year earlier: the order history starts on 2025-06-01.').length - 1).toBe(2);
    expect(page.html).not.toContain('vs a year earlier');
  });

  it('counts a history that starts on the first day of the year-earlier week as reaching back, and says when there are no orders at all', async () => {
    await orders([['o1', 'c1', '2025-02-24 00:00', 10]]);
    expect((await yearAgoLines())['Orders']).toBe('▼ 100.0% vs 2025-02-24 to 2025-03-02, a year earlier (1)');
    await t.warehouse.run('DELETE FROM order_values');
    expect((await yearAgoLines())['Orders']).toBe('no comparison with 2025-02-24 to 2025-03-02, a year earlier: there are no orders yet');
  });
});
