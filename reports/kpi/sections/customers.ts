// Section: active, new and returning customers and the repeat purchase rate, with new vs returning by period.
import type { ReportSection } from '../../report-section.js';
import { okabeItoPalette } from '../../render/index.js';
import { missingTable } from '../../missing-table.js';
import { orderFigures, yearAgoComparison } from '../order-periods.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';
import { orderValuesTable } from '../upstream-tables.js';
import { tableTerm } from '../../glossary.js';
import { orderValues } from '../../../transforms/contracts/index.js';

export const customers: ReportSection = {
  id: 'customers',
  title: 'Active, new and returning customers',
  definition: 'Customers (the same person recognised across shop, email and social) with at least one order worth more than zero in the period.',
  glossary: [tableTerm(orderValues)],
  async build(wh, params) {
    const { period } = params;
    const missing = await missingTable(wh, ...orderValuesTable);
    if (missing) return notComputed(missing);
    const { periods: rows, repeatNow, repeatBefore, yearAgo } = await orderFigures(wh, params);
    const ago = (value: Parameters<typeof yearAgoComparison>[1]) => ({ yearAgo: yearAgoComparison(yearAgo, value) });
    const [prev, cur] = [rows.at(-2)!, rows.at(-1)!];
    const previousLabel = period.previous.label;
    const figures = [
      figure({ label: 'Active customers', value: cur.active, previous: prev.active, previousLabel, ...ago((y) => y.figures.active), unit: 'count', better: 'up',
        definition: 'Customers with a counted order (net value above zero) in the period.' }),
      figure({ label: 'New customers', value: cur.new, previous: prev.new, previousLabel, ...ago((y) => y.figures.new), unit: 'count', better: 'up',
        definition: 'Active customers whose first counted order ever is in the period.' }),
      figure({ label: 'Returning customers', value: cur.active - cur.new, previous: prev.active - prev.new, previousLabel, ...ago((y) => y.figures.active - y.figures.new), unit: 'count', better: 'up',
        definition: 'Active customers who had a counted order before the period.' }),
      figure({ label: 'Repeat purchase rate', value: ratio(repeatNow.repeaters, repeatNow.buyers),
        previous: ratio(repeatBefore.repeaters, repeatBefore.buyers), previousLabel: `end of ${previousLabel}`,
        ...ago((y) => ratio(y.repeat.repeaters, y.repeat.buyers)), unit: 'rate', better: 'up',
        definition: 'Share of customers with a counted order up to the end of the period who have two or more.' }),
    ];
    if (rows.every((r) => r.active === 0)) return noData(`No customer placed a counted order in the ${rows.length} ${period.kind}s up to ${period.current.label}.`, figures);
    const values = rows.flatMap((r) => [
      { start: r.start, label: r.label, kind: 'New', customers: r.new },
      { start: r.start, label: r.label, kind: 'Returning', customers: r.active - r.new },
    ]);
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: `Active customers by ${period.kind}: new and returning`,
          data: { values },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: { field: 'start', type: 'ordinal', title: 'Period starting', axis: { labelAngle: -45 } },
            y: { field: 'customers', type: 'quantitative', title: 'Customers', stack: 'zero', axis: { tickMinStep: 1 } },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['Returning', 'New'], range: [okabeItoPalette[0]!, okabeItoPalette[1]!] }, legend: { orient: 'top' } },
            order: { field: 'kind', sort: 'descending' },
            tooltip: [
              { field: 'label', type: 'nominal', title: 'Period' },
              { field: 'kind', type: 'nominal', title: 'Customers' },
              { field: 'customers', type: 'quantitative', title: 'Count' },
            ],
          },
        },
      },
    };
  },
};
