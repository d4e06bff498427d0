// Chart: how many customers are in each RFM segment at the as-of date.
import type { ChartSection } from '../../chart-section.js';

type Row = { segment: string; customers: number };

export const segmentSizes: ChartSection<Row> = {
  id: 'segment-sizes',
  title: 'Customers by RFM segment',
  definition: 'Customers with at least one counted order, by named RFM segment (scores by quintile, 5 = best).',
  empty: 'No customer has a counted order yet.',
  query: (wh) =>
    wh.all<Row>(`SELECT segment, count(*) AS customers FROM rfm_segments GROUP BY segment ORDER BY customers DESC, segment`),
  spec: (rows) => ({
    title: 'Customers by RFM segment',
    data: { values: [...rows] },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'segment', type: 'nominal', sort: '-x', title: null },
      x: { field: 'customers', type: 'quantitative', title: 'Customers' },
    },
  }),
};
