// Output columns of the predicted-CLV models: `clv_predictions`, `clv_models` (transforms/clv-predictions.ts) and
// `clv_calibration` (transforms/clv-calibration.ts).
import { defineModel } from './model-contract.js';

const asOf = { type: 'DATE', meaning: 'The as-of date the models were fitted for.' } as const;
const horizon = {
  horizon_days: { type: 'INTEGER', meaning: 'Days ahead expected_purchases_90d looks (analytics.clv.horizonDays).' },
  clv_months: { type: 'INTEGER', meaning: 'Months predicted_clv_12m covers (analytics.clv.clvMonths).' },
} as const;

export const clvPredictions = defineModel({
  table: 'clv_predictions', kind: 'table', oneRowPer: 'customer with a counted order (predicted CLV, P(alive), churn risk)',
  file: 'transforms/clv-predictions.ts', builtBy: 'the CLV (BG/NBD) model',
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'The customer.' },
    repeat_purchases: { type: 'INTEGER', meaning: 'Repeat purchases (counted orders after the first) on distinct days.' },
    p_alive: { type: 'DOUBLE', nullable: true, meaning: 'BG/NBD probability that the customer is still buying.' },
    expected_purchases_90d: { type: 'DOUBLE', nullable: true, meaning: 'Expected purchases over the next horizon_days.' },
    expected_avg_spend: { type: 'DOUBLE', nullable: true, meaning: 'Expected spend per order (Gamma-Gamma, else the observed mean).' },
    predicted_clv_12m: { type: 'DOUBLE', nullable: true, meaning: 'Predicted net revenue over the next clv_months, discounted monthly.' },
    churn_risk: { type: 'VARCHAR', nullable: true, meaning: "'low', 'medium' or 'high', from p_alive." },
    ...horizon,
    as_of: asOf,
  },
});

export const clvModels = defineModel({
  table: 'clv_models', kind: 'table', oneRowPer: 'as-of date (the fitted CLV model parameters and warnings)',
  file: 'transforms/clv-predictions.ts', builtBy: 'the CLV (BG/NBD) model',
  columns: {
    as_of: asOf,
    calibration_end: { type: 'DATE', meaning: 'End of the history the models were fitted on.' },
    period: { type: 'VARCHAR', meaning: 'Time unit of the fit (analytics.clv.period).' },
    customers: { type: 'INTEGER', meaning: 'Customers the purchase model was fitted on.' },
    repeat_customers: { type: 'INTEGER', meaning: 'Of those, customers with a repeat purchase.' },
    r: { type: 'DOUBLE', nullable: true, meaning: 'BG/NBD r; NULL when the purchase model could not be fitted.' },
    alpha: { type: 'DOUBLE', nullable: true, meaning: 'BG/NBD alpha.' },
    a: { type: 'DOUBLE', nullable: true, meaning: 'BG/NBD a.' },
    b: { type: 'DOUBLE', nullable: true, meaning: 'BG/NBD b.' },
    bgnbd_log_likelihood: { type: 'DOUBLE', nullable: true, meaning: 'Log-likelihood of the BG/NBD fit.' },
    bgnbd_converged: { type: 'BOOLEAN', nullable: true, meaning: 'Whether the BG/NBD fit converged.' },
    spend_model: { type: 'VARCHAR', meaning: "'gamma-gamma' or 'observed-mean' (the fallback)." },
    p: { type: 'DOUBLE', nullable: true, meaning: 'Gamma-Gamma p; NULL with the observed-mean fallback.' },
    q: { type: 'DOUBLE', nullable: true, meaning: 'Gamma-Gamma q.' },
    gamma: { type: 'DOUBLE', nullable: true, meaning: 'Gamma-Gamma gamma.' },
    gamma_gamma_log_likelihood: { type: 'DOUBLE', nullable: true, meaning: 'Log-likelihood of the Gamma-Gamma fit.' },
    gamma_gamma_converged: { type: 'BOOLEAN', nullable: true, meaning: 'Whether the Gamma-Gamma fit converged.' },
    gamma_gamma_customers: { type: 'INTEGER', nullable: true, meaning: 'Repeat customers the Gamma-Gamma model was fitted on.' },
    mean_transaction_value: { type: 'DOUBLE', nullable: true, meaning: 'Observed mean spend per repeat transaction.' },
    ...horizon,
    monthly_discount_rate: { type: 'DOUBLE', meaning: 'Discount rate per month applied to predicted_clv_12m.' },
    warnings: { type: 'VARCHAR[]', meaning: 'Why a fit fell back or did not converge, in words.' },
  },
});

export const clvCalibration = defineModel({
  table: 'clv_calibration', kind: 'table', oneRowPer: 'calibration-frequency bucket (holdout check of the purchase model)',
  file: 'transforms/clv-calibration.ts', builtBy: 'the CLV (BG/NBD) holdout calibration',
  columns: {
    calibration_purchases: { type: 'VARCHAR', meaning: "Repeat purchases in the calibration period: '0'..'6' or '7+'." },
    customers: { type: 'INTEGER', meaning: 'Customers in the bucket.' },
    actual: { type: 'INTEGER', meaning: 'Their total repeat purchases in the holdout period.' },
    predicted: { type: 'DOUBLE', nullable: true, meaning: 'Total holdout purchases the model fitted on the calibration period predicts; NULL when it does not evaluate.' },
    as_of: { type: 'DATE', meaning: 'The as-of date (end of the holdout period).' },
    calibration_end: { type: 'DATE', meaning: 'End of the calibration period.' },
    holdout_end: { type: 'DATE', meaning: 'End of the holdout period.' },
    predicted_null_reason: { type: 'VARCHAR', nullable: true, meaning: 'Why predicted is NULL, when it is.' },
  },
});
