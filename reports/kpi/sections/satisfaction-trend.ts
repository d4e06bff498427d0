// Section: NPS and CSAT by month with their 95% intervals, so a month with few answers is not over-read.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { reportPeriod } from '../../period.js';
import { figure, noData, notComputed } from '../section-view.js';
import { satisfactionScoresTable } from '../upstream-tables.js';

type Row = { survey: 'nps' | 'csat' | 'ces'; month: string; responses: number; score: number; ci_low: number | null; ci_high: number | null };

export const satisfactionTrend: ReportSection = {
  id: 'satisfaction-trend',
  channel: 'feedback',
  title: 'NPS and CSAT',
  definition: 'NPS (% promoters 9-10 minus % detractors 0-6) and CSAT (% of 4-5 scores) per month, with 95% intervals and response counts.',
  async build(wh, { period }) {
    const missing = await missingTable(wh, ...satisfactionScoresTable);
    if (missing) return notComputed(missing);
    const months = reportPeriod(period.current.end, 'month').trend;
    const key = (start: string) => start.slice(0, 7);
    const rows = await wh.all<Row>(
      `SELECT survey, left(CAST(month AS VARCHAR), 7) AS month, responses, score, ci_low, ci_high FROM satisfaction_scores
       WHERE survey IN ('nps', 'csat') AND left(CAST(month AS VARCHAR), 7) BETWEEN $1 AND $2 ORDER BY month, survey`,
      [key(months[0]!.start), key(months.at(-1)!.start)],
    );
    const [cur, prev] = [months.at(-1)!, months.at(-2)!];
    const get = (survey: Row['survey'], m: string) => rows.find((r) => r.survey === survey && r.month === key(m));
    const interval = (r: Row | undefined) => (r && r.ci_low !== null && r.ci_high !== null ? ` (95% interval ${Math.round(r.ci_low)} to ${Math.round(r.ci_high)}, ${r.responses} answers)` : '');
    const figures = [
      figure({ label: `NPS, ${cur.label}`, value: get('nps', cur.start)?.score ?? null, previous: get('nps', prev.start)?.score ?? null, previousLabel: prev.label,
        unit: 'count', better: 'up', definition: `Promoters minus detractors, in points from -100 to 100${interval(get('nps', cur.start))}.` }),
      figure({ label: `CSAT, ${cur.label}`, value: ((s) => (s === undefined ? null : s / 100))(get('csat', cur.start)?.score),
        previous: ((s) => (s === undefined ? null : s / 100))(get('csat', prev.start)?.score), previousLabel: prev.label,
        unit: 'rate', better: 'up', definition: `Share of CSAT answers scoring 4 or 5${interval(get('csat', cur.start))}.` }),
      figure({ label: `Survey answers, ${cur.label}`, value: rows.filter((r) => r.month === key(cur.start)).reduce((n, r) => n + r.responses, 0),
        previous: rows.filter((r) => r.month === key(prev.start)).reduce((n, r) => n + r.responses, 0), previousLabel: prev.label,
        unit: 'count', better: 'up', definition: 'NPS and CSAT responses in the month.' }),
    ];
    if (rows.length === 0) return noData(`satisfaction_scores has no NPS or CSAT months from ${months[0]!.label} to ${cur.label}.`, figures);
    const values = rows.map((r) => ({ month: r.month, survey: r.survey === 'nps' ? 'NPS' : 'CSAT %', score: r.score, low: r.ci_low, high: r.ci_high, responses: r.responses }));
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: 'NPS and CSAT by month (band: 95% interval)',
          data: { values },
          encoding: {
            x: { field: 'month', type: 'ordinal', title: 'Month', axis: { labelAngle: -45 } },
            color: { field: 'survey', type: 'nominal', title: 'Survey' },
          },
          layer: [
            { mark: { type: 'errorband', opacity: 0.2 }, encoding: { y: { field: 'low', type: 'quantitative', title: 'Score' }, y2: { field: 'high' } } },
            { mark: { type: 'line', point: true, tooltip: true }, encoding: { y: { field: 'score', type: 'quantitative', title: 'Score' },
              tooltip: [{ field: 'month', type: 'ordinal' }, { field: 'survey', type: 'nominal' }, { field: 'score', type: 'quantitative', format: '.0f' },
                { field: 'low', type: 'quantitative', title: 'Interval from', format: '.0f' }, { field: 'high', type: 'quantitative', title: 'to', format: '.0f' },
                { field: 'responses', type: 'quantitative', title: 'Answers' }] } },
          ],
        },
      },
    };
  },
};
