// The four satisfaction sections of the KPI report against figures worked by hand from the stand-in rows (kpi-satisfaction-fixture.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportPeriod } from '../../../../reports/period.js';
import { churnByNps } from '../../../../reports/kpi/sections/churn-by-nps.js';
import { satisfactionTrend } from '../../../../reports/kpi/sections/satisfaction-trend.js';
import { sentiment } from '../../../../reports/kpi/sections/sentiment.js';
import { supportResponsiveness } from '../../../../reports/kpi/sections/support-responsiveness.js';
import { channelTablesSql } from '../../../../transforms/channel-records.js';
import { channels } from '../../../../sources/contracts/index.js';
import { loadSatisfactionFixture } from '../../../helpers/kpi-satisfaction-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// The report week ends 2026-03-01, so the monthly sections show February 2026 against January.
const params = { asOf: '2026-03-02', period: reportPeriod('2026-03-02', 'week') };
const values = (v: { figures: readonly { value: number | null; previous: number | null }[] }) => v.figures.map((f) => [f.value, f.previous]);

describe('satisfaction sections', () => {
  it('say which table is missing before the satisfaction steps ran', async () => {
    for (const s of [supportResponsiveness, satisfactionTrend, churnByNps]) {
      const view = await s.build(t.warehouse, params);
      expect(view.chart, s.id).toMatchObject({ kind: 'empty', reason: 'not-computed', message: expect.stringMatching(/^Not computed yet: the \w+ table does not exist/) });
    }
  });

  it('add up the mediums: 25 conversations, (0.25 x 20 + 0.8 x 5) / 25 = 36% within the SLA, 3 unanswered, 3 open', async () => {
    await t.warehouse.run(channelTablesSql(channels));
    await loadSatisfactionFixture(t.warehouse);
    const view = await supportResponsiveness.build(t.warehouse, params);
    expect(values(view)).toEqual([[25, 20], [0.36, (0.3 * 10 + 0.9 * 10) / 20], [3, 1], [3, 3]]);
    expect(view.table?.rows.map((r) => r.medium)).toEqual(['chat', 'email']);
  });

  it('say when the minutes are business minutes (analytics.businessHours) and which hours', async () => {
    await t.warehouse.run(channelTablesSql(channels));
    await loadSatisfactionFixture(t.warehouse);
    const plain = await supportResponsiveness.build(t.warehouse, params);
    expect(plain.figures[1]!.label).toBe('Answered within 60 minutes');
    await t.warehouse.run("UPDATE support_responsiveness SET business_hours = 'Mon-Fri 09:00-18:00 Europe/London'");
    const view = await supportResponsiveness.build(t.warehouse, params);
    expect(view.figures[1]!.label).toBe('Answered within 60 business minutes');
    expect(view.figures[1]!.definition).toContain('Business hours: Mon-Fri 09:00-18:00 Europe/London.');
    expect(view.chart).toMatchObject({ spec: { title: 'Median business minutes to the first answer, by medium (Mon-Fri 09:00-18:00 Europe/London)' } });
  });

  it('show NPS and CSAT of February with January to compare, CSAT as a share', async () => {
    await t.warehouse.run(channelTablesSql(channels));
    await loadSatisfactionFixture(t.warehouse);
    const view = await satisfactionTrend.build(t.warehouse, params);
    expect(values(view)).toEqual([[20, 10], [0.8, 0.7], [55, 30]]);
    expect(view.figures[0]!.definition).toContain('95% interval -5 to 45, 25 answers');
  });

  it('count negative and positive texts per month: February one of three each, January the one comment positive', async () => {
    await t.warehouse.run(channelTablesSql(channels));
    await loadSatisfactionFixture(t.warehouse);
    await t.warehouse.run('CREATE TABLE customer_360 (customer_id VARCHAR, sentiment DOUBLE); INSERT INTO customer_360 VALUES (\'a\', -0.2), (\'b\', 0.3), (\'c\', NULL)');
    const view = await sentiment.build(t.warehouse, params);
    expect(values(view)).toEqual([[1 / 3, 0], [1 / 3, 1], [1, null]]);
  });

  it('compare the churn of detractors (5 of 10) with promoters (4 of 40), and over the SLA (4 of 10) with within (3 of 15)', async () => {
    await t.warehouse.run(channelTablesSql(channels));
    await loadSatisfactionFixture(t.warehouse);
    const view = await churnByNps.build(t.warehouse, params);
    expect(values(view)).toEqual([[0.5, 0.1], [0.4, 0.2]]);
    expect(view.table?.rows.length).toBe(8);
  });
});
