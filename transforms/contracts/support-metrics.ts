// Output columns of `support_responsiveness` and `satisfaction_scores` (built by transforms/support-responsiveness.ts and satisfaction-scores.ts).
import { defineModel } from './model-contract.js';

export const supportResponsiveness = defineModel({
  table: 'support_responsiveness', kind: 'table', oneRowPer: 'support medium and UTC month', file: 'transforms/support-responsiveness.ts', builtBy: 'the support_responsiveness transform',
  columns: {
    medium: { type: 'VARCHAR', meaning: 'Medium of the conversation\'s first inbound message (email, chat, phone, social, other).' },
    month: { type: 'DATE', meaning: 'First day of the UTC month the conversation opened in.' },
    conversations: { type: 'BIGINT', meaning: 'Conversations opened in the month (first inbound message).' },
    answered: { type: 'BIGINT', meaning: 'Of those, conversations with an outbound message after the first inbound one, before as_of.' },
    unanswered: { type: 'BIGINT', meaning: 'conversations - answered.' },
    first_response_median_minutes: { type: 'DOUBLE', nullable: true, meaning: 'Median minutes from the first inbound message to the first answer (answered conversations); business minutes when business_hours is set.' },
    first_response_p90_minutes: { type: 'DOUBLE', nullable: true, meaning: '90th percentile of the same (linear interpolation).' },
    resolution_median_minutes: { type: 'DOUBLE', nullable: true, meaning: 'Median minutes from opening to the message that set solved/closed, for conversations solved or closed at as_of.' },
    answered_within_sla_share: { type: 'DOUBLE', nullable: true, meaning: 'Share of the month\'s conversations first answered within sla_minutes (unanswered ones count as not); NULL without conversations.' },
    backlog_at_period_end: { type: 'BIGINT', meaning: 'Conversations of the medium opened before the month\'s end (or as_of) and not solved or closed then.' },
    partial: { type: 'BOOLEAN', meaning: 'True when the as-of date cuts the month short.' },
    sla_minutes: { type: 'INTEGER', meaning: 'The service level used: minutes to a first answer.' },
    business_hours: { type: 'VARCHAR', nullable: true, meaning: "The business hours the minutes count (analytics.businessHours, e.g. 'Mon-Fri 09:00-18:00 Europe/London'); NULL: wall-clock minutes." },
    as_of: { type: 'DATE', meaning: 'The as-of date used (exclusive).' },
  },
});

export const satisfactionScores = defineModel({
  table: 'satisfaction_scores', kind: 'table', oneRowPer: 'survey and UTC month', file: 'transforms/satisfaction-scores.ts', builtBy: 'the satisfaction_scores transform',
  columns: {
    survey: { type: 'VARCHAR', meaning: 'nps, csat or ces.' },
    month: { type: 'DATE', meaning: 'First day of the UTC month of the responses.' },
    responses: { type: 'BIGINT', meaning: 'Responses in the month.' },
    score: { type: 'DOUBLE', meaning: 'NPS: 100 x (promoters - detractors) / responses; CSAT: % of 4-5 scores; CES: mean score.' },
    ci_low: { type: 'DOUBLE', nullable: true, meaning: 'Lower end of the 95% interval (NPS: normal, variance p + d - (p - d)^2, clipped; CSAT: Wilson; CES: mean - 1.96 sd/sqrt(n)).' },
    ci_high: { type: 'DOUBLE', nullable: true, meaning: 'Upper end of the same interval.' },
    promoters: { type: 'BIGINT', nullable: true, meaning: 'NPS only: responses scoring 9-10.' },
    detractors: { type: 'BIGINT', nullable: true, meaning: 'NPS only: responses scoring 0-6.' },
    satisfied: { type: 'BIGINT', nullable: true, meaning: 'CSAT only: responses scoring 4-5.' },
    partial: { type: 'BOOLEAN', meaning: 'True when the as-of date cuts the month short.' },
    as_of: { type: 'DATE', meaning: 'The as-of date used (exclusive).' },
  },
});
