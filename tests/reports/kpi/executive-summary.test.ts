// The executive summary: the biggest moves, one plain sentence each with good/bad, and what needs attention.
import { describe, expect, it } from 'vitest';
import type { BuiltSection, KpiHeader } from '../../../reports/kpi/index.js';
import { executiveSummary } from '../../../reports/kpi/executive-summary.js';
import { reportPeriod } from '../../../reports/period.js';
import type { Figure, SectionView } from '../../../reports/report-section.js';

const period = reportPeriod('2026-03-02', 'week');
const header: KpiHeader = {
  asOf: '2026-03-02', periodKind: 'week', period: period.current, previous: period.previous, yearAgo: period.yearAgo, runId: 'r', runNote: 'this run',
  generatedAt: '2026-03-02T06:00:00Z', analyticsAsOf: '2026-03-02', warnings: [],
  freshness: [{ source: 'shop', channel: 'orders', newestRecord: '2026-03-01 23:00', lastLoaded: '2026-03-02 05:00', records: 10, late: false }],
};
const fig = (label: string, value: number | null, previous: number | null, unit: Figure['unit'], better: Figure['better']): Figure =>
  ({ label, value, previous, previousLabel: '2026-02-16 to 2026-02-22', unit, better, definition: '' });
const section = (id: string, figures: Figure[], extra: Partial<SectionView> = {}): BuiltSection =>
  ({ id, title: `Title ${id}`, definition: '', view: { figures, chart: null, ...extra } });

describe('executive summary', () => {
  it('ranks figures by relative change, says the direction, the size and whether it is good, and keeps at most seven', () => {
    const sections = [
      section('a', [
        fig('Net revenue (EUR)', 1250, 1000, 'money', 'up'), // +25 %
        fig('Orders', 90, 100, 'count', 'up'), // −10 %
        fig('Churn rate', 0.06, 0.04, 'rate', 'down'), // +50 % relative, 2 points
        fig('Steady', 5, 5, 'count', 'up'), // unchanged: not news
        fig('Barely', 1000.4, 1000, 'count', 'up'), // rounds to 0.0 %: not news
        fig('No previous', 7, null, 'count', 'up'),
      ]),
      section('b', [fig('Messages sent', 300, 100, 'count', 'neither'), fig('New customers', 4, 0, 'count', 'up')]),
      section('c', [fig('A', 11, 10, 'count', 'up'), fig('B', 12, 10, 'count', 'up'), fig('C', 13, 10, 'count', 'up'), fig('D', 14, 10, 'count', 'up')]),
    ];
    const { moves } = executiveSummary(header, sections);
    expect(moves.map((m) => m.label)).toEqual(['Messages sent', 'New customers', 'Churn rate', 'D', 'C', 'Net revenue (EUR)', 'B']);
    expect(moves.map((m) => m.sentence)).toEqual([
      'Messages sent: rose 200.0% to 300, from 100 in 2026-02-16 to 2026-02-22.',
      'New customers: rose to 4, from 0 in 2026-02-16 to 2026-02-22: good news.',
      'Churn rate: rose 2.0 points to 6.0%, from 4.0% in 2026-02-16 to 2026-02-22: needs attention.',
      'D: rose 40.0% to 14, from 10 in 2026-02-16 to 2026-02-22: good news.',
      'C: rose 30.0% to 13, from 10 in 2026-02-16 to 2026-02-22: good news.',
      'Net revenue (EUR): rose 25.0% to 1,250, from 1,000 in 2026-02-16 to 2026-02-22: good news.',
      'B: rose 20.0% to 12, from 10 in 2026-02-16 to 2026-02-22: good news.',
    ]);
    expect(moves.map((m) => m.tone)).toEqual(['neutral', 'good', 'bad', 'good', 'good', 'good', 'good']);
  });

  it('lists what needs attention: late sources, run warnings, unreliable models (once for the sections sharing one) and sections not computed', () => {
    const caveat = { level: 'unreliable' as const, text: 'Unreliable: the fit did not converge.' };
    const sections = [
      section('clv', [fig('Predicted value', 900, 100, 'money', 'up')], { reliability: caveat }),
      section('risk', [], { reliability: caveat }),
      section('churn', [], { chart: { kind: 'empty', reason: 'not-computed', message: 'Not computed yet: the churn_metrics table does not exist' } }),
    ];
    const late = { ...header, warnings: ['source social: newest data is 5 days old (limit 2d)'],
      freshness: [...header.freshness, { source: 'social', channel: 'social', newestRecord: '2026-02-24 10:00', lastLoaded: null, records: 3, late: true }] };
    const summary = executiveSummary(late, sections);
    expect(summary.attention).toEqual([
      'Source social (social) is late: its newest record is from 2026-02-24, so its figures may be incomplete.',
      'source social: newest data is 5 days old (limit 2d)',
      'Title clv, Title risk: Unreliable: the fit did not converge.',
      'Not computed yet: Title churn (the technical notes at the end say what is missing).',
    ]);
    expect(summary.moves).toEqual([]); // the only move is an unreliable figure
    expect(executiveSummary(header, [section('a', [])]).attention).toEqual([]);
  });
});
