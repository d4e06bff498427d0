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
  customer360: {
    lastInteraction: 'max(occurred_at)',
    columns: [
      { name: 'support_conversations', type: 'BIGINT', meaning: 'support conversations the customer took part in', aggregate: 'count(DISTINCT conversation_id)', absent: '0' },
      { name: 'support_messages_in', type: 'BIGINT', meaning: 'messages the customer sent to support', aggregate: "count(*) FILTER (WHERE direction = 'inbound')", absent: '0' },
      { name: 'last_support_at', type: 'TIMESTAMP', meaning: 'time of the latest support message either way', aggregate: 'max(occurred_at)' },
    ],
  },
});
