// Section: customers per RFM segment now, against the latest snapshot from before the report period.
import type { ReportSection } from '../../report-section.js';
import { okabeItoPalette } from '../../render/index.js';
import { firstMissing } from '../../missing-table.js';
import { figure, noData, notComputed } from '../section-view.js';
import { rfmHistoryTable, rfmSegmentsTable } from '../upstream-tables.js';
import { modelTerm, tableTerm } from '../../glossary.js';
import { rfmHistory, rfmSegments } from '../../../transforms/contracts/index.js';

type Row = { segment: string; customers: number; previous: number | null };

export const segmentSizes: ReportSection = {
  id: 'segment-sizes',
  title: 'Customer segments',
  definition: 'Customers with at least one order, grouped by how recently, how often and how much they buy (each scored 1 to 5).',
  glossary: [modelTerm('RFM'), tableTerm(rfmSegments), tableTerm(rfmHistory)],
  async build(wh, { period }) {
    const missing = await firstMissing(wh, [rfmSegmentsTable, rfmHistoryTable]);
    if (missing) return notComputed(missing);
    const [snap] = await wh.all<{ now: string | null; before: string | null }>(
      `SELECT (SELECT strftime(max(as_of), '%Y-%m-%d') FROM rfm_segments) AS now,
              (SELECT strftime(max(as_of), '%Y-%m-%d') FROM rfm_history
               WHERE as_of <= $1::DATE AND as_of < (SELECT max(as_of) FROM rfm_segments)) AS before   -- state at the period's start`,
      [period.current.start],
    );
    const rows = await wh.all<Row>(
      `WITH now AS (SELECT segment, count(*) AS customers FROM rfm_segments GROUP BY segment),
            before AS (SELECT segment, count(*) AS customers FROM rfm_history WHERE as_of = $1::DATE GROUP BY segment)
       SELECT segment, coalesce(now.customers, 0) AS customers, before.customers AS previous
       FROM now FULL JOIN before USING (segment)
       ORDER BY customers DESC, segment`,
      [snap?.before ?? '1900-01-01'],
    );
    const hasBefore = snap?.before != null;
    const previousLabel = hasBefore ? `snapshot as of ${snap!.before}` : ''; // none: "no previous figure to compare with"
    const total = (key: 'customers' | 'previous') => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
    const count = (segment: string, key: 'customers' | 'previous') => rows.find((r) => r.segment === segment)?.[key] ?? 0;
    const before = (value: number) => (hasBefore ? value : null);
    const figures = [
      figure({ label: 'Customers in a segment', value: total('customers'), previous: before(total('previous')), previousLabel, unit: 'count', better: 'up',
        definition: `Customers with a counted order, scored as of ${snap?.now ?? 'no date'}.` }),
      figure({ label: 'Champions', value: count('Champions', 'customers'), previous: before(count('Champions', 'previous')), previousLabel, unit: 'count', better: 'up',
        definition: 'Bought recently, buy often and spend the most (recency score 4-5, frequency and spend 4-5).' }),
      figure({ label: 'At Risk', value: count('At Risk', 'customers'), previous: before(count('At Risk', 'previous')), previousLabel, unit: 'count', better: 'down',
        definition: 'Good customers who have not bought for a while (recency score 1-2, frequency and spend 3-5, except Can\'t Lose Them). '
          + 'Not the "Customers at risk" of Top customers at risk below, which the purchase model estimates per customer: the two counts differ.' }),
    ];
    if (rows.length === 0) return noData('No customer has a counted order yet, so no one has a segment.', figures);
    const values = rows.map((r) => ({ ...r, previous: hasBefore ? (r.previous ?? 0) : null }));
    const bars = { mark: { type: 'bar' as const, tooltip: true }, encoding: { x: { field: 'customers', type: 'quantitative' as const, title: 'Customers', axis: { tickMinStep: 1 } } } };
    const ticks = { mark: { type: 'tick' as const, color: okabeItoPalette[6]!, thickness: 2 }, encoding: { x: { field: 'previous', type: 'quantitative' as const } } };
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: { text: 'Customers by segment', subtitle: hasBefore ? `Bars: now; black ticks: as of ${snap!.before}` : 'No earlier snapshot to compare with' },
          data: { values },
          encoding: {
            y: { field: 'segment', type: 'nominal', sort: { field: 'customers', order: 'descending' }, title: null },
            tooltip: [
              { field: 'segment', type: 'nominal', title: 'Segment' },
              { field: 'customers', type: 'quantitative', title: 'Customers now' },
              { field: 'previous', type: 'quantitative', title: 'Before' },
            ],
          },
          layer: hasBefore ? [bars, ticks] : [bars],
        },
      },
    };
  },
};
