// Text meant for leadership speaks plain language: no table, column or model name outside the glossary, which
// explains every one the sections rely on. Checked on the section declarations (so a new section is checked as soon
// as it is listed) and on a built report.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTechnicalTerms, technicalTerms } from '../../../reports/glossary.js';
import { buildKpiReport, kpiSections } from '../../../reports/kpi/index.js';
import { AS_OF, loadKpiFixture } from '../../helpers/kpi-fixture.js';
import { loadUpstreamFixture } from '../../helpers/kpi-upstream-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe('plain language in the KPI report', () => {
  it('finds table and model names as words, not inside other words', () => {
    expect(technicalTerms()).toEqual(expect.arrayContaining(['clv_predictions', 'churn_metrics', 'order_values', 'email_events', 'BG/NBD', 'P(alive)']));
    expect(findTechnicalTerms('Sum of predicted_clv_12m from clv_predictions, BG/NBD and P(alive)')).toEqual(['clv_predictions', 'BG/NBD', 'P(alive)']);
    expect(findTechnicalTerms('the customer churn metrics, RFMs, CLVs')).toEqual([]);
  });

  it('every section title and definition is free of technical names', () => {
    for (const s of kpiSections) expect(findTechnicalTerms(`${s.title} ${s.definition}`), s.id).toEqual([]);
  });

  it('every figure, message, table heading and summary line of a built report is free of them, and the glossary explains the ones used', async () => {
    await loadKpiFixture(t.warehouse);
    await loadUpstreamFixture(t.warehouse);
    const report = await buildKpiReport(t.warehouse, { asOf: AS_OF, period: 'week', runId: 'r', generatedAt: '2026-03-02T06:00:00Z' });
    for (const s of report.sections) {
      const chart = s.view.chart;
      const texts = [
        ...s.view.figures.flatMap((f) => [f.label, f.definition, f.previousLabel, f.yearAgo?.previousLabel ?? '', f.yearAgo?.missing ?? '']),
        chart?.kind === 'empty' ? chart.message : '', ...(s.view.table?.columns.map((c) => c.label) ?? []), s.view.reliability?.text ?? '',
      ];
      expect(findTechnicalTerms(texts.join('\n')), s.id).toEqual([]);
    }
    expect(findTechnicalTerms([...report.summary.moves.map((m) => m.sentence), ...report.summary.attention].join('\n'))).toEqual([]);
    const terms = report.glossary.map((g) => g.term);
    expect(terms).toEqual(expect.arrayContaining(['order_values', 'clv_predictions', 'churn_metrics', 'BG/NBD', 'P(alive)', 'RFM']));
    expect(new Set(terms).size).toBe(terms.length);
    expect(report.glossary.find((g) => g.term === 'churn_metrics')?.meaning).toBe('Warehouse table, one row per UTC month; built by the churn_metrics transform.');
  });
});
