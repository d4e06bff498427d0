// Output columns of `customer_sentiment` and `satisfaction_churn` (transforms/customer-sentiment.ts, satisfaction-churn.ts).
import { defineModel } from './model-contract.js';

export const customerSentiment = defineModel({
  table: 'customer_sentiment', kind: 'table', oneRowPer: 'customer with at least one scored text', file: 'transforms/customer-sentiment.ts', builtBy: 'the customer_sentiment step of the daily pipeline',
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'The customer.' },
    scored_texts: { type: 'BIGINT', meaning: 'Their scored texts before as_of: inbound support messages, survey comments, social texts.' },
    mean_sentiment: { type: 'DOUBLE', meaning: 'Mean sentiment (-1..1) of all of them.' },
    latest_sentiment: { type: 'DOUBLE', meaning: 'Sentiment of the latest one (ties: the earlier channel in the registry).' },
    latest_at: { type: 'TIMESTAMP', meaning: 'Its time (UTC).' },
    latest_channel: { type: 'VARCHAR', meaning: 'Its channel (support, feedback or social).' },
    recent_mean: { type: 'DOUBLE', nullable: true, meaning: 'Mean sentiment of the texts of the 90 days before as_of; NULL without any.' },
    previous_mean: { type: 'DOUBLE', nullable: true, meaning: 'Mean sentiment of the 90 days before those; NULL without any.' },
    trend: { type: 'DOUBLE', nullable: true, meaning: 'recent_mean - previous_mean: above 0 the customer sounds happier than before; NULL when either is.' },
    as_of: { type: 'DATE', meaning: 'The as-of date used (exclusive).' },
  },
});

export const satisfactionChurn = defineModel({
  table: 'satisfaction_churn', kind: 'table', oneRowPer: 'grouping (NPS group or responsiveness band) and group', file: 'transforms/satisfaction-churn.ts', builtBy: 'the satisfaction_churn step of the daily pipeline',
  columns: {
    grouping: { type: 'VARCHAR', meaning: "'nps_group' (by the customer's latest NPS answer) or 'responsiveness_band' (by the first answers they got)." },
    group_name: { type: 'VARCHAR', meaning: 'promoter, passive, detractor, no answer; or within SLA, over SLA, unanswered, no conversation.' },
    group_order: { type: 'INTEGER', meaning: 'Display order within the grouping (1 first).' },
    customers: { type: 'BIGINT', meaning: 'Buyers in the group: customers with at least one counted order before as_of.' },
    churned: { type: 'BIGINT', meaning: 'Of those, customers whose latest counted order is churn_days or more before as_of.' },
    churn_rate: { type: 'DOUBLE', nullable: true, meaning: 'churned / customers; NULL for an empty group.' },
    churn_rate_ci_low: { type: 'DOUBLE', nullable: true, meaning: 'Lower end of the 95% Wilson interval of churn_rate.' },
    churn_rate_ci_high: { type: 'DOUBLE', nullable: true, meaning: 'Upper end of the same interval.' },
    repeat_customers: { type: 'BIGINT', meaning: 'Buyers in the group with two or more counted orders.' },
    repeat_rate: { type: 'DOUBLE', nullable: true, meaning: 'repeat_customers / customers; NULL for an empty group.' },
    churn_days: { type: 'INTEGER', meaning: 'The inactivity window used (analytics.churnInactivityDays).' },
    sla_minutes: { type: 'INTEGER', meaning: 'The service level used for the bands (analytics.supportSlaMinutes).' },
    as_of: { type: 'DATE', meaning: 'The as-of date used (exclusive).' },
  },
});
