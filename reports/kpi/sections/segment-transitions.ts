// Section: the biggest moves between RFM segments, from the segment_transitions table.
import type { DB } from '../../../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../../../warehouse/query-builder.js';
import type { ReportSection } from '../../report-section.js';
import { okabeItoPalette } from '../../render/index.js';
import { missingTable } from '../../missing-table.js';
import { figure, noData, notComputed } from '../section-view.js';
import { segmentTransitionsTable } from '../upstream-tables.js';
import { tableTerm } from '../../glossary.js';
import { segmentTransitions as segmentTransitionsModel } from '../../../transforms/contracts/index.js';

/** How many transitions the chart shows. */
export const TOP_TRANSITIONS = 8;

const db = queryBuilder<DB>();

export const segmentTransitions: ReportSection = {
  id: 'segment-transitions',
  title: 'Customers who moved between segments',
  definition: 'Customers whose segment changed between the two latest times the segments were worked out.',
  glossary: [tableTerm(segmentTransitionsModel)],
  async build(wh) {
    const missing = await missingTable(wh, ...segmentTransitionsTable);
    if (missing) return notComputed(missing);
    // The transform leaves the table empty when there is only one snapshot (the first run): nothing to compare yet.
    const [snapshots] = await wh.all<{ rows: number; from: string | null; to: string | null }>(
      `SELECT count(*) AS rows, strftime(min(from_as_of), '%Y-%m-%d') AS "from", strftime(max(to_as_of), '%Y-%m-%d') AS "to" FROM segment_transitions`);
    const between = snapshots?.from && snapshots.to ? `between ${snapshots.from} and ${snapshots.to}` : 'between the two snapshots';
    const rows = await selectRows(wh, db.selectFrom('segment_transitions').select(['from_segment', 'to_segment', 'customers'])
      .where((eb) => eb.and([eb('from_segment', 'is distinct from', eb.ref('to_segment')), eb('customers', '>', 0)])) // staying put is not a transition
      .orderBy('customers', 'desc').orderBy('from_segment').orderBy('to_segment'));
    const moved = rows.reduce((n, r) => n + r.customers, 0);
    const into = (segment: string) => rows.filter((r) => r.to_segment === segment).reduce((n, r) => n + r.customers, 0);
    const first = snapshots?.rows === 0;
    const value = (n: number) => (first ? null : n); // no comparison yet: no figure, rather than a 0 that reads as "nobody moved"
    const figures = [
      figure({ label: 'Customers who changed segment', value: value(moved), unit: 'count', better: 'neither',
        definition: `Customers whose segment is not the one they had before (new customers and customers who left count too), ${between}.` }),
      figure({ label: 'Moved into At Risk', value: value(into('At Risk')), unit: 'count', better: 'down',
        definition: `Customers whose segment became At Risk ${between}.` }),
      figure({ label: 'Moved into Champions', value: value(into('Champions')), unit: 'count', better: 'up',
        definition: `Customers whose segment became Champions ${between}.` }),
    ];
    if (first) {
      return noData('Nothing to compare yet: this is the first snapshot of the segments. The next run will show who moved between segments since this one.', figures);
    }
    if (rows.length === 0) return noData(`No customer changed segment ${between}.`, figures);
    const values = rows.slice(0, TOP_TRANSITIONS).map((r) => ({
      transition: `${r.from_segment ?? '(none)'} → ${r.to_segment ?? '(none)'}`,
      customers: r.customers,
      direction: r.to_segment === 'At Risk' || r.to_segment === 'Lost' || r.to_segment === 'Hibernating' ? 'towards lapsing' : 'other',
    }));
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: `Top ${values.length} segment transitions`,
          data: { values },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'transition', type: 'nominal', sort: { field: 'customers', order: 'descending' }, title: null, axis: { labelLimit: 280 } },
            x: { field: 'customers', type: 'quantitative', title: 'Customers', axis: { tickMinStep: 1 } },
            color: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['towards lapsing', 'other'], range: [okabeItoPalette[3]!, okabeItoPalette[0]!] }, legend: { orient: 'top' } },
          },
        },
      },
    };
  },
};
