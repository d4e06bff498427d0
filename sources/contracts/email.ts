// The email channel contract: one row per ESP event (send, delivered, open, click, bounce, unsubscribe, complaint).
import { z } from 'zod';
import { defineChannel } from './channel.js';
import { id, rawEmail, timestamp } from './fields.js';

export const emailEventTypes = ['send', 'delivered', 'open', 'click', 'bounce', 'unsubscribe', 'complaint'] as const;

export const EmailEvent = z.object({
  event_id: id(),
  event_type: z.enum(emailEventTypes),
  email: rawEmail(),
  campaign_id: z.string().nullish(),
  occurred_at: timestamp(),
  url: z.string().nullish(),
});
export type EmailEvent = z.infer<typeof EmailEvent>;

export const emailChannel = defineChannel({
  name: 'email',
  description: 'one row per ESP event (send, delivered, open, click, bounce, unsubscribe, complaint)',
  table: 'email_events',
  schema: EmailEvent,
  key: ['event_id'],
  timeField: 'occurred_at',
  recordId: 'event_id',
  identifiers: [{ kind: 'email', value: 'email' }],
  customer360: {
    lastInteraction: "max(occurred_at) FILTER (WHERE event_type IN ('open', 'click'))",
    columns: [
      { name: 'email_sends', type: 'BIGINT', meaning: 'emails sent to the customer', aggregate: "count(*) FILTER (WHERE event_type = 'send')", absent: '0' },
      { name: 'email_opens', type: 'BIGINT', meaning: 'email opens', aggregate: "count(*) FILTER (WHERE event_type = 'open')", absent: '0' },
      { name: 'email_clicks', type: 'BIGINT', meaning: 'email link clicks', aggregate: "count(*) FILTER (WHERE event_type = 'click')", absent: '0' },
      { name: 'last_email_open_at', type: 'TIMESTAMP', meaning: 'time of the latest email open', aggregate: "max(occurred_at) FILTER (WHERE event_type = 'open')" },
      { name: 'email_bounced', type: 'BOOLEAN', meaning: 'an email to the customer ever bounced', aggregate: "bool_or(event_type = 'bounce')", absent: 'false' },
      { name: 'email_unsubscribed', type: 'BOOLEAN', meaning: 'the customer ever unsubscribed', aggregate: "bool_or(event_type = 'unsubscribe')", absent: 'false' },
      { name: 'email_complained', type: 'BOOLEAN', meaning: 'the customer ever marked an email as spam', aggregate: "bool_or(event_type = 'complaint')", absent: 'false' },
    ],
  },
});
