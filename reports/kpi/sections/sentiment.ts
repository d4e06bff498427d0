// Section: how customers sound: share of negative and positive texts per month, and customers whose latest text was negative.
import type { ReportSection } from '../../report-section.js';
import { firstMissing } from '../../missing-table.js';
import { reportPeriod } from '../../period.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';

type Row = { channel: string; month: string; texts: number; negative: number; positive: number; mean: number };

const loaded = (table: string) => [table, ['sentiment', 'occurred_at'], 'loading a source and the daily pipeline\'s sentiment step'] as const;
// The texts the loader scores (see the channel contracts' `sentiment`): inbound support messages, survey comments, social texts.
const texts = [['support', 'support_messages'], ['feedback', 'survey_responses'], ['social', 'social_interactions']] as const;

export const sentiment: ReportSection = {
  id: 'sentiment',
  title: 'Sentiment',
  definition: 'Sentiment (-1 negative .. 1 positive, wink-nlp, English) of inbound support messages, survey comments and social texts, per month.',
  async build(wh, { period }) {
    const missing = await firstMissing(wh, [...texts.map(([, t]) => loaded(t)), ['customer_360', ['sentiment'], 'the customer_360 step']]);
    if (missing) return notComputed(missing);
    const months = reportPeriod(period.current.end, 'month').trend;
    const key = (start: string) => start.slice(0, 7);
    const rows = await wh.all<Row>(
      `SELECT channel, left(CAST(date_trunc('month', occurred_at) AS VARCHAR), 7) AS month, count(*) AS texts,
              count(*) FILTER (WHERE sentiment < 0) AS negative, count(*) FILTER (WHERE sentiment > 0) AS positive, avg(sentiment) AS mean
       FROM (${texts.map(([c, t]) => `SELECT '${c}' AS channel, occurred_at, sentiment FROM ${t} WHERE sentiment IS NOT NULL`).join(' UNION ALL ')})
       WHERE occurred_at >= $1::DATE AND occurred_at < $2::DATE GROUP BY ALL ORDER BY month, channel`,
      [months[0]!.start, months.at(-1)!.end],
    );
    const [cur, prev] = [months.at(-1)!, months.at(-2)!];
    const sum = (m: string, f: (r: Row) => number) => rows.filter((r) => r.month === key(m)).reduce((n, r) => n + f(r), 0);
    const share = (m: string, f: (r: Row) => number) => ratio(sum(m, f), sum(m, (r) => r.texts));
    const [{ unhappy } = { unhappy: 0 }] = await wh.all<{ unhappy: number }>('SELECT count(*) AS unhappy FROM customer_360 WHERE sentiment < 0');
    const figures = [
      figure({ label: `Negative texts, ${cur.label}`, value: share(cur.start, (r) => r.negative), previous: share(prev.start, (r) => r.negative), previousLabel: prev.label,
        unit: 'rate', better: 'down', definition: 'Share of the month\'s scored texts with a sentiment below 0.' }),
      figure({ label: `Positive texts, ${cur.label}`, value: share(cur.start, (r) => r.positive), previous: share(prev.start, (r) => r.positive), previousLabel: prev.label,
        unit: 'rate', better: 'up', definition: 'Share of the month\'s scored texts with a sentiment above 0 (the rest scored exactly 0: no opinion word found).' }),
      figure({ label: 'Customers whose latest text was negative', value: unhappy, unit: 'count', better: 'down',
        definition: 'Customers whose latest scored text (any channel, before the as-of date) has a sentiment below 0.' }),
    ];
    if (rows.length === 0) return noData(`No scored texts from ${months[0]!.label} to ${cur.label}.`, figures);
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: 'Mean sentiment by month and channel',
          data: { values: rows.map((r) => ({ month: r.month, channel: r.channel, mean: r.mean, texts: r.texts })) },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: { field: 'month', type: 'ordinal', title: 'Month', axis: { labelAngle: -45 } },
            y: { field: 'mean', type: 'quantitative', title: 'Mean sentiment', scale: { domain: [-1, 1] } },
            color: { field: 'channel', type: 'nominal', title: 'Channel' },
            tooltip: [{ field: 'month', type: 'ordinal' }, { field: 'channel', type: 'nominal' }, { field: 'mean', type: 'quantitative', format: '.2f' },
              { field: 'texts', type: 'quantitative', title: 'Texts' }],
          },
        },
      },
    };
  },
};
