// Section: the customers most likely to have lapsed, ranked by how much they are predicted to be worth.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { figure, noData, notComputed } from '../section-view.js';
import { moneyUnit } from '../order-periods.js';
import { rfmSegments } from '../../../transforms/contracts/index.js';
import { clvPredictionsTable, modelNeeds } from '../upstream-tables.js';
import { clvReliability } from '../clv-reliability.js';
import { modelTerm, tableTerm } from '../../glossary.js';
import { clvPredictions } from '../../../transforms/contracts/index.js';

/** A customer is at risk when the model gives them less than this chance of still being a customer. */
export const AT_RISK_P_ALIVE = 0.5;
/** How many customers the table lists. */
export const TOP_AT_RISK = 10;

type Row = { customer_id: string; segment: string | null; p_alive: number; expected_purchases_90d: number; predicted_clv_12m: number; churn_risk: string | null };

export const customersAtRisk: ReportSection = {
  id: 'customers-at-risk',
  title: 'Top customers at risk',
  definition: `Customers the purchase model gives less than a ${AT_RISK_P_ALIVE * 100}% chance of still buying, most valuable first.`,
  glossary: [modelTerm('P(alive)'), tableTerm(clvPredictions)],
  async build(wh, params) {
    const missing = await missingTable(wh, ...clvPredictionsTable);
    if (missing) return notComputed(missing);
    const unit = await moneyUnit(wh, params);
    const reliability = await clvReliability(wh, params);
    const [summary] = await wh.all<{ customers: number; value: number | null }>(
      `SELECT count(*) AS customers, sum(predicted_clv_12m)::DOUBLE AS value FROM clv_predictions WHERE p_alive < $1`,
      [AT_RISK_P_ALIVE],
    );
    const segments = (await missingTable(wh, ...modelNeeds(rfmSegments, ['customer_id', 'segment']))) === null;
    const rows = await wh.all<Row>(
      `SELECT CAST(p.customer_id AS VARCHAR) AS customer_id, ${segments ? 's.segment' : 'NULL'} AS segment, p.p_alive::DOUBLE AS p_alive,
              p.expected_purchases_90d::DOUBLE AS expected_purchases_90d, p.predicted_clv_12m::DOUBLE AS predicted_clv_12m,
              CAST(p.churn_risk AS VARCHAR) AS churn_risk
       FROM clv_predictions p ${segments ? 'LEFT JOIN rfm_segments s USING (customer_id)' : ''}
       WHERE p.p_alive < $1
       ORDER BY p.predicted_clv_12m DESC NULLS LAST, p.customer_id
       LIMIT ${TOP_AT_RISK}`,
      [AT_RISK_P_ALIVE],
    );
    const figures = [
      figure({ label: 'Customers at risk', value: summary?.customers ?? 0, unit: 'count', better: 'down',
        definition: `Customers with less than a ${AT_RISK_P_ALIVE * 100}% chance of still buying: the model thinks they have more likely than not stopped. `
          + 'Not the "At Risk" customer segment above, which is a rule on recency, frequency and spend scores: the two counts measure different things and differ.' }),
      figure({ label: `Predicted 12-month value at risk${unit}`, value: summary?.value ?? null, unit: 'money', better: 'down',
        definition: 'What the customers at risk would spend in the next 12 months if they stayed, together.' }),
    ];
    if (rows.length === 0) return { ...noData(`No customer has less than a ${AT_RISK_P_ALIVE * 100}% chance of still buying.`, figures), reliability };
    return {
      figures,
      reliability,
      chart: null,
      table: {
        columns: [
          { key: 'customer_id', label: 'Customer', unit: 'text' },
          { key: 'segment', label: 'Segment', unit: 'text' },
          { key: 'p_alive', label: 'Chance still buying', unit: 'rate' },
          { key: 'expected_purchases_90d', label: 'Expected purchases, 90 days', unit: 'number' },
          { key: 'predicted_clv_12m', label: `Predicted 12-month value${unit}`, unit: 'money' },
          { key: 'churn_risk', label: 'Churn risk', unit: 'text' },
        ],
        rows,
      },
    };
  },
};
