// Section: how fast support answers: conversations, share answered within the SLA, unanswered and backlog, by medium.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { reportPeriod } from '../../period.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';
import { supportResponsivenessTable } from '../upstream-tables.js';

type Row = { medium: string; month: string; conversations: number; unanswered: number; median: number | null; p90: number | null;
  sla_share: number | null; backlog: number; sla_minutes: number; business_hours: string | null };

export const supportResponsiveness: ReportSection = {
  id: 'support-responsiveness',
  channel: 'support',
  title: 'Support responsiveness',
  definition: 'Support conversations by the month they opened in: minutes to the first answer, share answered within the SLA, unanswered, open at month end.',
  async build(wh, { period }) {
    const missing = await missingTable(wh, ...supportResponsivenessTable);
    if (missing) return notComputed(missing);
    const months = reportPeriod(period.current.end, 'month').trend; // monthly model: the last complete month and the 11 before
    const key = (start: string) => start.slice(0, 7);
    const rows = await wh.all<Row>(
      `SELECT medium, left(CAST(month AS VARCHAR), 7) AS month, conversations, unanswered, first_response_median_minutes AS median,
              first_response_p90_minutes AS p90, answered_within_sla_share AS sla_share, backlog_at_period_end AS backlog, sla_minutes, business_hours
       FROM support_responsiveness WHERE left(CAST(month AS VARCHAR), 7) BETWEEN $1 AND $2 ORDER BY month, medium`,
      [key(months[0]!.start), key(months.at(-1)!.start)],
    );
    const [cur, prev] = [months.at(-1)!, months.at(-2)!];
    const of = (m: string) => rows.filter((r) => r.month === key(m));
    const total = (m: string, f: (r: Row) => number) => of(m).reduce((n, r) => n + f(r), 0);
    // Within-SLA counts add up across mediums; shares do not.
    const slaShare = (m: string) => ratio(total(m, (r) => (r.sla_share ?? 0) * r.conversations), total(m, (r) => r.conversations));
    const sla = rows[0]?.sla_minutes;
    // analytics.businessHours: every minute below is a business minute, and the report says so.
    const hours = rows.at(-1)?.business_hours ?? null;
    const minutes = hours ? 'business minutes' : 'minutes';
    const figures = [
      figure({ label: `Conversations, ${cur.label}`, value: total(cur.start, (r) => r.conversations), previous: total(prev.start, (r) => r.conversations),
        previousLabel: prev.label, unit: 'count', better: 'neither', definition: 'Conversations opened by a customer message in the month, every medium.' }),
      figure({ label: `Answered within ${sla ?? 'the'} ${minutes}`, value: slaShare(cur.start), previous: slaShare(prev.start), previousLabel: prev.label,
        unit: 'rate', better: 'up', definition: `Share of those whose first answer came within the SLA (analytics.supportSlaMinutes); unanswered ones count as not.${hours ? ` Business hours: ${hours}.` : ''}` }),
      figure({ label: 'Never answered', value: total(cur.start, (r) => r.unanswered), previous: total(prev.start, (r) => r.unanswered), previousLabel: prev.label,
        unit: 'count', better: 'down', definition: 'Conversations of the month with no answer before the as-of date.' }),
      figure({ label: `Open at the end of ${cur.label}`, value: total(cur.start, (r) => r.backlog), previous: total(prev.start, (r) => r.backlog), previousLabel: prev.label,
        unit: 'count', better: 'down', definition: 'Backlog: conversations opened by then and not solved or closed at the month end.' }),
    ];
    if (rows.length === 0) return noData(`support_responsiveness has no months from ${months[0]!.label} to ${cur.label}.`, figures);
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: `Median ${minutes} to the first answer, by medium${hours ? ` (${hours})` : ''}`,
          data: { values: rows.filter((r) => r.median !== null).map((r) => ({ month: r.month, medium: r.medium, median: r.median, p90: r.p90 })) },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: { field: 'month', type: 'ordinal', title: 'Month opened', axis: { labelAngle: -45 } },
            y: { field: 'median', type: 'quantitative', title: `Median ${minutes} (log scale)`, scale: { type: 'log' } },
            color: { field: 'medium', type: 'nominal', title: 'Medium' },
            tooltip: [{ field: 'month', type: 'ordinal' }, { field: 'medium', type: 'nominal' }, { field: 'median', type: 'quantitative', format: ',.0f' },
              { field: 'p90', type: 'quantitative', title: '90th percentile', format: ',.0f' }],
          },
        },
      },
      table: {
        columns: [{ key: 'medium', label: `Medium (${cur.label})`, unit: 'text' }, { key: 'conversations', label: 'Conversations', unit: 'count' },
          { key: 'median', label: 'Median minutes', unit: 'number' }, { key: 'p90', label: '90th percentile', unit: 'number' },
          { key: 'sla_share', label: 'Within SLA', unit: 'rate' }, { key: 'unanswered', label: 'Unanswered', unit: 'count' }, { key: 'backlog', label: 'Open at month end', unit: 'count' }],
        rows: of(cur.start).map((r) => ({ medium: r.medium, conversations: r.conversations, median: r.median === null ? null : Math.round(r.median),
          p90: r.p90 === null ? null : Math.round(r.p90), sla_share: r.sla_share, unanswered: r.unanswered, backlog: r.backlog })),
      },
    };
  },
};
