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
  table: 'email_events',
  schema: EmailEvent,
  key: ['event_id'],
  timeField: 'occurred_at',
});
