// Section: are unhappy customers the ones we lose? Churn and repeat rates by NPS group and by how fast support answered.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { figure, noData, notComputed } from '../section-view.js';
import { satisfactionChurnTable } from '../upstream-tables.js';
import { tableTerm } from '../../glossary.js';
import { satisfactionChurn } from '../../../transforms/contracts/index.js';

type Row = { grouping: string; group_name: string; customers: number; churned: number; churn_rate: number | null; low: number | null; high: number | null;
  repeat_rate: number | null; churn_days: number; sla_minutes: number };

export const churnByNps: ReportSection = {
  id: 'churn-by-nps',
  channel: 'feedback',
  title: 'Churn by NPS group',
  definition: 'Share of buyers who churned, and who bought again, by their latest NPS answer and by how fast support answered them.',
  glossary: [tableTerm(satisfactionChurn)],
  async build(wh) {
    const missing = await missingTable(wh, ...satisfactionChurnTable);
    if (missing) return notComputed(missing);
    const rows = await wh.all<Row>(
      `SELECT grouping, group_name, customers, churned, churn_rate, churn_rate_ci_low AS low, churn_rate_ci_high AS high, repeat_rate, churn_days, sla_minutes
       FROM satisfaction_churn ORDER BY grouping, group_order`);
    const rate = (grouping: string, group: string) => rows.find((r) => r.grouping === grouping && r.group_name === group)?.churn_rate ?? null;
    const days = rows[0]?.churn_days;
    const figures = [
      figure({ label: 'Churn rate of detractors', value: rate('nps_group', 'detractor'), previous: rate('nps_group', 'promoter'), previousLabel: 'promoters', comparedWith: 'group',
        unit: 'rate', better: 'down', definition: `Buyers whose latest NPS answer was 0-6 and who have not ordered for ${days ?? 'the churn window\'s'} days; compared with promoters (9-10).` }),
      figure({ label: 'Churn rate, answered over the SLA', value: rate('responsiveness_band', 'over SLA'), previous: rate('responsiveness_band', 'within SLA'),
        previousLabel: 'answered within it', comparedWith: 'group', unit: 'rate', better: 'down',
        definition: `Buyers whose median wait for a first answer was over ${rows[0]?.sla_minutes ?? 'the SLA\'s'} minutes; compared with those answered within it.` }),
    ];
    if (rows.every((r) => r.customers === 0)) return noData('No buyers to group yet.', figures);
    const label = (r: Row) => `${r.grouping === 'nps_group' ? 'NPS' : 'Support'}: ${r.group_name}`;
    const values = rows.filter((r) => r.customers > 0).map((r) => ({ group: label(r), churn_rate: r.churn_rate, low: r.low, high: r.high, customers: r.customers }));
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: 'Churn rate by group (whiskers: 95% interval)',
          height: { step: 14 }, // eight groups: kept short so the section prints on one page with its table
          data: { values },
          encoding: { y: { field: 'group', type: 'nominal', title: null, sort: null } },
          layer: [
            { mark: { type: 'bar', tooltip: true }, encoding: { x: { field: 'churn_rate', type: 'quantitative', title: 'Churn rate', axis: { format: '.0%' } },
              tooltip: [{ field: 'group', type: 'nominal' }, { field: 'churn_rate', type: 'quantitative', format: '.1%' }, { field: 'customers', type: 'quantitative', title: 'Buyers' }] } },
            { mark: { type: 'rule' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
          ],
        },
      },
      table: {
        columns: [{ key: 'group', label: 'Group', unit: 'text' }, { key: 'customers', label: 'Buyers', unit: 'count' }, { key: 'churned', label: 'Churned', unit: 'count' },
          { key: 'churn_rate', label: 'Churn rate', unit: 'rate' }, { key: 'repeat_rate', label: 'Bought again', unit: 'rate' }],
        rows: rows.map((r) => ({ group: label(r), customers: r.customers, churned: r.churned, churn_rate: r.churn_rate, repeat_rate: r.repeat_rate })),
      },
    };
  },
};
