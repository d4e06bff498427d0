// The support channel contract: one row per message of a support conversation (help desk, chat, phone log, a brand reply on social).
import { z } from 'zod';
import { defineChannel } from './channel.js';
import { id, rawEmail, timestamp } from './fields.js';

export const supportMediums = ['email', 'chat', 'phone', 'social', 'other'] as const;
/** inbound = from the customer, outbound = from the business. */
export const supportDirections = ['inbound', 'outbound'] as const;
/** The conversation's status after the message; NULL leaves it as it was. */
export const supportStatuses = ['open', 'pending', 'solved', 'closed'] as const;

export const SupportMessage = z.object({
  message_id: id(),
  conversation_id: id(),
  medium: z.enum(supportMediums),
  direction: z.enum(supportDirections),
  email: rawEmail().nullish(),
  phone: z.string().nullish(),
  /** `platform:handle`, as in social. */
  handle: z.string().nullish(),
  agent: z.string().nullish(),
  text: z.string().nullish(),
  status_after: z.enum(supportStatuses).nullish(),
  occurred_at: timestamp(),
});
export type SupportMessage = z.infer<typeof SupportMessage>;

export const supportChannel = defineChannel({
  name: 'support',
  description: 'one row per message of a support conversation (help desk, chat, phone log, a brand reply on social)',
  table: 'support_messages',
  schema: SupportMessage,
  key: ['message_id'],
  timeField: 'occurred_at',
  // A conversation is one customer's: the identifiers its messages carry (an email on the ticket, the phone of the
  // call) link to each other.
  recordId: 'conversation_id',
  identifiers: [
    { kind: 'email', value: 'email' },
    { kind: 'phone', value: 'phone' },
    { kind: 'handle', value: 'handle' },
  ],
  // Only the customer's own messages: the business's answers say nothing about how the customer feels.
  sentiment: { text: 'text', when: "direction = 'inbound'" },
  customer360: {
    // One row per conversation (its opening, first answer, status and latest scored message), as in support_responsiveness:
    // a conversation opens with its first inbound message; its first response is the first outbound message at or after that.
    // Messages at the same instant are in a fixed order: the business's answer after the customer's message, then by id.
    perRecord: (rows) => `SELECT _customer_id, conversation_id,
        count(*) FILTER (WHERE direction = 'inbound') AS messages_in, max(occurred_at) AS last_message_at,
        min(occurred_at) FILTER (WHERE direction = 'inbound') AS opened_at,
        min(occurred_at) FILTER (WHERE direction = 'outbound' AND _after_open) AS first_response_at,
        arg_max(status_after, (occurred_at, direction = 'outbound', message_id)) FILTER (WHERE status_after IS NOT NULL) AS status,
        arg_max(direction, (occurred_at, direction = 'outbound', message_id)) AS last_direction,
        arg_max(sentiment, (occurred_at, message_id)) FILTER (WHERE sentiment IS NOT NULL) AS sentiment,
        max(occurred_at) FILTER (WHERE sentiment IS NOT NULL) AS sentiment_at
      FROM (SELECT *, occurred_at >= min(occurred_at) FILTER (WHERE direction = 'inbound') OVER (PARTITION BY _customer_id, conversation_id) AS _after_open
            FROM ${rows})
      GROUP BY _customer_id, conversation_id`,
    lastInteraction: 'max(last_message_at)',
    latestSentiment: { value: 'arg_max(sentiment, sentiment_at) FILTER (WHERE sentiment IS NOT NULL)', at: 'max(sentiment_at)' },
    columns: [
      { name: 'support_conversations', type: 'BIGINT', meaning: 'support conversations the customer took part in', aggregate: 'count(*)', absent: '0' },
      { name: 'support_messages_in', type: 'BIGINT', meaning: 'messages the customer sent to support', aggregate: 'sum(messages_in)', absent: '0' },
      { name: 'last_support_at', type: 'TIMESTAMP', meaning: 'time of the latest support message either way', aggregate: 'max(last_message_at)' },
      { name: 'open_conversations', type: 'BIGINT', meaning: 'conversations the customer opened that are not solved or closed at the as-of date', aggregate: "count(*) FILTER (WHERE opened_at IS NOT NULL AND coalesce(status, 'open') NOT IN ('solved', 'closed'))", absent: '0' },
      { name: 'awaiting_answer', type: 'BIGINT', meaning: 'open conversations whose latest message is the customer\'s (waiting for an answer)', aggregate: "count(*) FILTER (WHERE opened_at IS NOT NULL AND last_direction = 'inbound' AND coalesce(status, 'open') NOT IN ('solved', 'closed'))", absent: '0' },
      { name: 'unanswered_conversations', type: 'BIGINT', meaning: 'conversations the customer opened that never got an answer', aggregate: 'count(*) FILTER (WHERE opened_at IS NOT NULL AND first_response_at IS NULL)', absent: '0' },
      { name: 'median_first_response_minutes', type: 'DOUBLE', meaning: "median minutes to the first answer over the customer's answered conversations", aggregate: "quantile_cont(date_diff('second', opened_at, first_response_at) / 60.0, 0.5)" },
    ],
  },
});
