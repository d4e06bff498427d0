// Stand-ins for the tables other steps build (churn, transitions, CLV, BG/NBD check), created in tests only.
import type { Warehouse } from '../../warehouse/warehouse.js';
import { loadSatisfactionFixture } from './kpi-satisfaction-fixture.js';

export const churnRows = [
  { month: '2025-12-01', active: 40, new: 10, returning: 30, churned: 4, churn_rate: 0.1 },
  { month: '2026-01-01', active: 42, new: 8, returning: 34, churned: 5, churn_rate: 0.125 },
  { month: '2026-02-01', active: 45, new: 9, returning: 36, churned: 3, churn_rate: 0.0714 },
];

export const transitionRows = [
  { from_segment: 'Champions', to_segment: 'At Risk', customers: 7 },
  { from_segment: 'Loyal Customers', to_segment: 'Champions', customers: 5 },
  { from_segment: 'Champions', to_segment: 'Champions', customers: 30 }, // stayed: not a transition
  { from_segment: null, to_segment: 'New Customers', customers: 9 },
  { from_segment: 'Need Attention', to_segment: 'At Risk', customers: 2 },
];

export const clvRows = Array.from({ length: 14 }, (_, i) => ({
  customer_id: `c${String(i + 1).padStart(2, '0')}`,
  p_alive: [0.9, 0.2, 0.45, 0.8, 0.1, 0.3, 0.99, 0.05, 0.6, 0.49, 0.35, 0.15, 0.7, 0.25][i]!,
  expected_purchases_90d: 0.1 * (i + 1),
  expected_avg_spend: 40 + i,
  predicted_clv_12m: [120, 300, 80, 55, 410, 25, 900, 60, 15, 230, 140, 75, 33, 190][i]!,
  churn_risk: i % 2 === 0 ? 'low' : 'high',
}));

export const calibrationRows = [
  { frequency_cal: 0, customers: 100, predicted_holdout: 0.2, actual_holdout: 0.25 },
  { frequency_cal: 1, customers: 40, predicted_holdout: 0.8, actual_holdout: 0.7 },
  { frequency_cal: 2, customers: 10, predicted_holdout: 1.5, actual_holdout: 1.6 },
];

/** Creates the four tables with the rows above, and the satisfaction stand-ins (kpi-satisfaction-fixture.ts). */
export async function loadUpstreamFixture(wh: Warehouse): Promise<void> {
  await wh.run(`
    CREATE TABLE churn_metrics (month DATE, active_customers INTEGER, new_customers INTEGER, returning_customers INTEGER, churned_customers INTEGER, churn_rate DOUBLE);
    CREATE TABLE segment_transitions (from_segment VARCHAR, to_segment VARCHAR, customers INTEGER, from_as_of DATE, to_as_of DATE);
    CREATE TABLE clv_predictions (customer_id VARCHAR, p_alive DOUBLE, expected_purchases_90d DOUBLE, expected_avg_spend DOUBLE, predicted_clv_12m DOUBLE, churn_risk VARCHAR);
    CREATE TABLE clv_calibration (calibration_purchases VARCHAR, customers INTEGER, actual DOUBLE, predicted DOUBLE);   -- bucket totals, as the CLV step writes them`);
  for (const r of churnRows) await wh.run(`INSERT INTO churn_metrics VALUES ($1::DATE, $2, $3, $4, $5, $6)`, [r.month, r.active, r.new, r.returning, r.churned, r.churn_rate]);
  for (const r of transitionRows) await wh.run(`INSERT INTO segment_transitions VALUES ($1, $2, $3, DATE '2026-02-23', DATE '2026-03-02')`, [r.from_segment, r.to_segment, r.customers]);
  for (const r of clvRows) await wh.run(`INSERT INTO clv_predictions VALUES ($1, $2, $3, $4, $5, $6)`, [r.customer_id, r.p_alive, r.expected_purchases_90d, r.expected_avg_spend, r.predicted_clv_12m, r.churn_risk]);
  for (const r of calibrationRows) {
    const bucket = r.frequency_cal >= 7 ? '7+' : String(r.frequency_cal);
    await wh.run(`INSERT INTO clv_calibration VALUES ($1, $2, $3, $4)`, [bucket, r.customers, r.actual_holdout * r.customers, r.predicted_holdout * r.customers]);
  }
  await loadSatisfactionFixture(wh);
}
