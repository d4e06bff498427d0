// Gathers one customer's support conversations and survey answers for the Customer page (issue 17).
import type { Warehouse } from '../warehouse/warehouse.js';

/** One support conversation of the customer, as support_responsiveness counts it. */
export interface ConversationSummary {
  readonly conversation_id: string;
  readonly medium: string;
  /** First message of the customer; NULL when only the business wrote. */
  readonly opened_at: Date | null;
  readonly messages: number;
  /** Minutes from opening to the first answer; NULL while unanswered. */
  readonly first_response_minutes: number | null;
  /** Latest status set (open when none was). */
  readonly status: string;
  readonly last_message_at: Date;
  /** Sentiment of the customer's latest scored message. */
  readonly sentiment: number | null;
}

export interface SurveyAnswer {
  readonly survey: string;
  readonly score: number;
  readonly comment: string | null;
  readonly sentiment: number | null;
  readonly occurred_at: Date;
}

/**
 * The customer's 20 latest conversations and survey answers, through `customer_records` (whose customer each
 * conversation and response is). Empty lists when the identity build has not run or the channels have no rows.
 */
export async function customerSatisfaction(wh: Warehouse, customerId: string): Promise<{ conversations: ConversationSummary[]; surveys: SurveyAnswer[] }> {
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('customer_records', 'support_messages', 'survey_responses')`);
  if (n < 3) return { conversations: [], surveys: [] };
  const conversations = await wh.all<ConversationSummary>(`
    WITH m AS (SELECT s.* FROM support_messages s JOIN customer_records r ON r.channel = 'support' AND r.record_id = s.conversation_id::VARCHAR WHERE r.customer_id = $1),
    c AS (SELECT conversation_id, min(occurred_at) FILTER (WHERE direction = 'inbound') AS opened_at, arg_min(medium, occurred_at) AS medium, count(*) AS messages,
                 coalesce(arg_max(status_after, (occurred_at, direction = 'outbound', message_id)) FILTER (WHERE status_after IS NOT NULL), 'open') AS status, max(occurred_at) AS last_message_at,
                 arg_max(sentiment, occurred_at) FILTER (WHERE sentiment IS NOT NULL) AS sentiment
          FROM m GROUP BY conversation_id)
    SELECT c.*, (SELECT date_diff('second', c.opened_at, min(occurred_at)) / 60.0 FROM m   -- as support_responsiveness: first outbound at or after opening
                 WHERE m.conversation_id = c.conversation_id AND direction = 'outbound' AND occurred_at >= c.opened_at) AS first_response_minutes
    FROM c ORDER BY last_message_at DESC, conversation_id LIMIT 20`, [customerId]);
  const surveys = await wh.all<SurveyAnswer>(`SELECT s.survey, s.score, s.comment, s.sentiment, s.occurred_at FROM survey_responses s
    JOIN customer_records r ON r.channel = 'feedback' AND r.record_id = s.response_id::VARCHAR WHERE r.customer_id = $1
    ORDER BY s.occurred_at DESC, s.response_id LIMIT 20`, [customerId]);
  return { conversations, surveys };
}
