// Tests the KPI report's numbers against figures computed independently from the fixture rows, and its golden model.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKpiReport, type KpiReport } from '../../../reports/kpi/index.js';
import type { Figure } from '../../../reports/report-section.js';
import { expectGolden } from '../../helpers/golden-file.js';
import { expectedEmailFunnel, fixtureOrders, expectedMonthOneRetention, expectedOrderFigures, expectedRepeatRate, expectedSocial } from '../../helpers/kpi-expected.js';
import { AS_OF, loadKpiFixture, PERIOD_START } from '../../helpers/kpi-fixture.js';
import { calibrationRows, churnRows, clvRows, loadUpstreamFixture, transitionRows } from '../../helpers/kpi-upstream-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

const PREVIOUS_START = '2026-02-16';
const params = { asOf: AS_OF, period: 'week' as const, runId: 'daily-test-run', generatedAt: '2026-03-02T06:00:00Z' };

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

function section(report: KpiReport, id: string) {
  const s = report.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id}`);
  return s;
}

function figure(report: KpiReport, id: string, label: string): Figure {
  const f = section(report, id).view.figures.find((x) => x.label.startsWith(label));
  if (!f) throw new Error(`no figure "${label}" in ${id}: ${section(report, id).view.figures.map((x) => x.label).join(', ')}`);
  return f;
}

const pair = (f: Figure) => [f.value, f.previous];

describe('buildKpiReport', () => {
  it("shows the run's data warnings (stale sources, schema drift, missing columns) in the header, and only that run's", async () => {
    await loadKpiFixture(t.warehouse);
    await t.warehouse.run(`INSERT INTO pipeline_warnings VALUES
      ('daily-test-run', 'check:freshness', 'stale-source', 'social', 'source social: newest data is 5 days old (limit 2d)', now()),
      ('daily-test-run', 'extract:shop', 'missing-column', 'shop', 'source shop: orders.csv has no column for the optional field "email"', now() + INTERVAL 1 SECOND),
      ('other-run', 'check:freshness', 'stale-source', 'email', 'source email: newest data is 9 days old (limit 1d)', now())`);
    const { header } = await buildKpiReport(t.warehouse, params);
    expect(header.warnings).toEqual(['source social: newest data is 5 days old (limit 2d)', 'source shop: orders.csv has no column for the optional field "email"']);
  });

  it('covers the last complete ISO week before the as-of date and the week before it', async () => {
    await loadKpiFixture(t.warehouse);
    const { header } = await buildKpiReport(t.warehouse, params);
    expect([header.period.start, header.period.end, header.previous.start]).toEqual([PERIOD_START, AS_OF, PREVIOUS_START]);
    expect(header.runId).toBe('daily-test-run');
    expect(header.analyticsAsOf).toBe(AS_OF);
    // Social's newest record is more than two days before the week's end: marked late.
    expect(header.freshness.map((f) => [f.source, f.newestRecord, f.late])).toEqual([
      ['fixture', '2026-03-02 08:00', false], ['fixture', '2026-02-26 10:00', true], ['fixture', '2026-03-02 00:00', false],
    ]);
  });

  it('shows revenue, orders and average order value of the period and the previous one, from the order rows', async () => {
    await loadKpiFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const [now, before] = [expectedOrderFigures(PERIOD_START, AS_OF), expectedOrderFigures(PREVIOUS_START, PERIOD_START)];
    expect(pair(figure(report, 'revenue-orders', 'Net revenue'))).toEqual([now.revenue, before.revenue]);
    expect(pair(figure(report, 'revenue-orders', 'Orders'))).toEqual([now.orders, before.orders]);
    expect(pair(figure(report, 'revenue-orders', 'Average order value'))).toEqual([now.aov, before.aov]);
    expect(figure(report, 'revenue-orders', 'Net revenue').label).toBe('Net revenue (EUR)');
    expect(now.revenue).toBe(175); // hand check of the independent computation: 70 - 30 + 40 + 60 + 25 + 10
  });

  it('reports a calendar quarter against the one before it', async () => {
    await loadKpiFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, { ...params, asOf: '2026-04-01', period: 'quarter' });
    expect([report.header.period.label, report.header.previous.label]).toEqual(['Q1 2026', 'Q4 2025']);
    const [now, before] = [expectedOrderFigures('2026-01-01', '2026-04-01'), expectedOrderFigures('2025-10-01', '2026-01-01')];
    expect(pair(figure(report, 'revenue-orders', 'Net revenue'))).toEqual([now.revenue, before.revenue]);
    expect(pair(figure(report, 'customers', 'Active'))).toEqual([now.active, before.active]);
  });

  it('counts active, new and returning customers and the repeat purchase rate', async () => {
    await loadKpiFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const [now, before] = [expectedOrderFigures(PERIOD_START, AS_OF), expectedOrderFigures(PREVIOUS_START, PERIOD_START)];
    expect(pair(figure(report, 'customers', 'Active'))).toEqual([now.active, before.active]);
    expect(pair(figure(report, 'customers', 'New'))).toEqual([now.new, before.new]);
    expect(pair(figure(report, 'customers', 'Returning'))).toEqual([now.returning, before.returning]);
    expect(pair(figure(report, 'customers', 'Repeat purchase rate'))).toEqual([expectedRepeatRate(AS_OF), expectedRepeatRate(PERIOD_START)]);
  });

  it('shows segment sizes now and in the snapshot at the period start, and month-1 cohort retention', async () => {
    await loadKpiFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const count = async (table: string, where: string) =>
      (await t.warehouse.all<{ segment: string }>(`SELECT segment FROM ${table} WHERE ${where}`)).map((r) => r.segment);
    const [now, before] = [await count('rfm_segments', 'true'), await count('rfm_history', `as_of = DATE '${PERIOD_START}'`)];
    const expectedCustomers = new Set(fixtureOrders().filter((o) => o.customer && o.net !== null && o.net > 0).map((o) => o.customer));
    expect(pair(figure(report, 'segment-sizes', 'Customers in a segment'))).toEqual([expectedCustomers.size, before.length]);
    expect(now.length).toBe(expectedCustomers.size);
    for (const name of ['Champions', 'At Risk']) {
      expect(pair(figure(report, 'segment-sizes', name))).toEqual([now.filter((s) => s === name).length, before.filter((s) => s === name).length]);
    }
    expect(pair(figure(report, 'cohort-retention', 'Month-1 retention, 2026-01'))).toEqual([expectedMonthOneRetention('2026-01'), expectedMonthOneRetention('2025-12')]);
  });

  it('compares the email funnel and social interactions per platform with the previous week', async () => {
    await loadKpiFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const [now, before] = [expectedEmailFunnel(PERIOD_START, AS_OF), expectedEmailFunnel(PREVIOUS_START, PERIOD_START)];
    expect(pair(figure(report, 'email-funnel', 'Messages sent'))).toEqual([now.sent, before.sent]);
    expect(pair(figure(report, 'email-funnel', 'Open rate'))).toEqual([now.opened / now.sent, before.opened / before.sent]);
    expect(pair(figure(report, 'email-funnel', 'Click rate'))).toEqual([now.clicked / now.sent, before.clicked / before.sent]);
    const [sNow, sBefore] = [expectedSocial(PERIOD_START, AS_OF), expectedSocial(PREVIOUS_START, PERIOD_START)];
    expect(pair(figure(report, 'social-engagement', 'Social interactions'))).toEqual([sNow.interactions, sBefore.interactions]);
    expect(pair(figure(report, 'social-engagement', 'Conversations'))).toEqual([sNow.conversations, sBefore.conversations]);
    const chart = section(report, 'social-engagement').view.chart;
    const bars = chart?.kind === 'chart' ? (chart.spec.data as { values: { category: string; period: string; value: number }[] }).values : [];
    const current = Object.fromEntries(bars.filter((b) => b.period === report.header.period.label).map((b) => [b.category, b.value]));
    expect(current).toEqual({ ...Object.fromEntries(Object.keys(sBefore.perPlatform).map((p) => [p, 0])), ...sNow.perPlatform });
  });

  it('reads churn, segment transitions, predicted CLV and the BG/NBD check from their tables when they exist', async () => {
    await loadKpiFixture(t.warehouse);
    await loadUpstreamFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const [feb, jan] = [churnRows[2]!, churnRows[1]!];
    expect(pair(figure(report, 'churn-rate', 'Churned customers, February 2026'))).toEqual([feb.churned, jan.churned]);
    expect(pair(figure(report, 'churn-rate', 'Churn rate'))).toEqual([feb.churn_rate, jan.churn_rate]);
    const moves = transitionRows.filter((r) => r.from_segment !== r.to_segment);
    expect(figure(report, 'segment-transitions', 'Customers who changed').value).toBe(moves.reduce((n, r) => n + r.customers, 0));
    expect(figure(report, 'segment-transitions', 'Moved into At Risk').value).toBe(moves.filter((r) => r.to_segment === 'At Risk').reduce((n, r) => n + r.customers, 0));
    const clv = clvRows.map((r) => r.predicted_clv_12m).sort((a, b) => a - b);
    expect(figure(report, 'clv-distribution', 'Predicted 12-month value, all').value).toBe(clv.reduce((a, b) => a + b, 0));
    expect(figure(report, 'clv-distribution', 'Median').value).toBe((clv[6]! + clv[7]!) / 2);
    const atRisk = clvRows.filter((r) => r.p_alive < 0.5).sort((a, b) => b.predicted_clv_12m - a.predicted_clv_12m);
    expect(figure(report, 'customers-at-risk', 'Customers at risk').value).toBe(atRisk.length);
    expect(figure(report, 'customers-at-risk', 'Predicted 12-month value at risk').value).toBe(atRisk.reduce((n, r) => n + r.predicted_clv_12m, 0));
    expect(section(report, 'customers-at-risk').view.table?.rows.map((r) => r.customer_id)).toEqual(atRisk.slice(0, 10).map((r) => r.customer_id));
    const total = (key: 'predicted_holdout' | 'actual_holdout') => calibrationRows.reduce((n, r) => n + r[key] * r.customers, 0);
    expect(figure(report, 'bgnbd-calibration', 'Predicted repeat purchases').value).toBeCloseTo(total('predicted_holdout'), 9);
    expect(figure(report, 'bgnbd-calibration', 'Actual repeat purchases').value).toBeCloseTo(total('actual_holdout'), 9);
  });

  it('leaves out channels the shop does not have, instead of "no data, late" and empty panels', async () => {
    await loadKpiFixture(t.warehouse);
    await t.warehouse.run('DELETE FROM email_events; DELETE FROM social_interactions'); // an orders-only shop
    const derived = await buildKpiReport(t.warehouse, params);
    expect(derived.header.freshness.map((f) => f.channel)).toEqual(['orders']);
    expect(derived.sections.map((s) => s.id)).not.toContain('email-funnel');
    expect(derived.sections.map((s) => s.id)).not.toContain('social-engagement');
    expect(derived.sections.map((s) => s.id)).toContain('revenue-orders');
    // Told which channels the config loads, a configured channel without data is still flagged.
    const told = await buildKpiReport(t.warehouse, { ...params, channels: ['orders', 'email'] });
    expect(told.header.freshness.map((f) => [f.channel, f.newestRecord, f.late])).toEqual([['email', null, true], ['orders', expect.any(String), false]]);
    expect(told.sections.map((s) => s.id)).toContain('email-funnel');
    expect(told.sections.map((s) => s.id)).not.toContain('social-engagement');
  });

  it('names the currency of predicted values, and tells the two "at risk" counts apart', async () => {
    await loadKpiFixture(t.warehouse);
    await loadUpstreamFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const [currency] = await t.warehouse.all<{ c: string }>('SELECT DISTINCT currency AS c FROM order_values'); // the fixture sells in one currency
    const labels = [...section(report, 'clv-distribution').view.figures, ...section(report, 'customers-at-risk').view.figures]
      .map((f) => f.label).filter((l) => l.startsWith('Predicted') || l.startsWith('Median'));
    expect(labels).toEqual([`Predicted 12-month value, all customers (${currency!.c})`, `Median predicted 12-month value (${currency!.c})`, `Predicted 12-month value at risk (${currency!.c})`]);
    expect(section(report, 'customers-at-risk').view.table?.columns.find((c) => c.key === 'predicted_clv_12m')?.label).toBe(`Predicted 12-month value (${currency!.c})`);
    expect(figure(report, 'customers-at-risk', 'Customers at risk').definition).toMatch(/Not the "At Risk" customer segment above/);
    expect(figure(report, 'segment-sizes', 'At Risk').definition).toMatch(/Not the "Customers at risk" of Top customers at risk below/);
  });

  it('shows a "not computed yet" panel naming the missing table for each section that needs one', async () => {
    await loadKpiFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    const pending = report.sections.filter((s) => s.view.chart?.kind === 'empty' && s.view.chart.reason === 'not-computed');
    expect(pending.map((s) => [s.id, s.view.chart?.kind === 'empty' && s.view.chart.message.match(/the (\w+) table does not exist/)?.[1]])).toEqual([
      ['churn-rate', 'churn_metrics'], ['segment-transitions', 'segment_transitions'], ['clv-distribution', 'clv_predictions'],
      ['customers-at-risk', 'clv_predictions'], ['bgnbd-calibration', 'clv_calibration'],
    ]);
  });

  it('says which column is missing when an upstream table has another shape', async () => {
    await t.warehouse.run(`CREATE TABLE churn_metrics (month DATE, churned INTEGER)`);
    const report = await buildKpiReport(t.warehouse, params);
    const chart = section(report, 'churn-rate').view.chart;
    expect(chart?.kind === 'empty' && chart.message).toBe('Not computed yet: churn_metrics has no column active_customers, churned_customers, churn_rate (expected from the churn_metrics transform).');
  });

  it('shows "no data" panels with zero counts and no rates when there are no orders yet', async () => {
    await t.warehouse.run(`CREATE TABLE order_values (order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMP, net_value DECIMAL(18,2), cancelled BOOLEAN, currency VARCHAR)`);
    const report = await buildKpiReport(t.warehouse, params);
    for (const id of ['revenue-orders', 'customers']) {
      const chart = section(report, id).view.chart;
      expect(chart?.kind === 'empty' && chart.reason).toBe('no-data');
    }
    expect(pair(figure(report, 'revenue-orders', 'Orders'))).toEqual([0, 0]);
    expect(pair(figure(report, 'revenue-orders', 'Average order value'))).toEqual([null, null]);
    expect(pair(figure(report, 'customers', 'Repeat purchase rate'))).toEqual([null, null]);
    expect(report.header.freshness.every((f) => f.newestRecord === null && f.late)).toBe(true);
  });

  it('matches the golden report model (figures, chart specs and tables)', async () => {
    await loadKpiFixture(t.warehouse);
    await loadUpstreamFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, params);
    // The load time is the clock at insert: the one value a fixture cannot pin.
    const stable = { ...report, header: { ...report.header, freshness: report.header.freshness.map((f) => ({ ...f, lastLoaded: '(load time)' })) } };
    await expectGolden('kpi-report.json', JSON.stringify(stable, null, 2) + '\n');
  });
});
