// The social channel contract: one row per interaction (mention, comment, reply, dm, follow, like, share).
import { z } from 'zod';
import { defineChannel, latestSentiment } from './channel.js';
import { id, rawEmail, timestamp } from './fields.js';

export const socialKinds = ['mention', 'comment', 'reply', 'dm', 'follow', 'like', 'share'] as const;

export const SocialInteraction = z.object({
  interaction_id: id(),
  platform: z.string().min(1),
  handle: z.string().min(1),
  kind: z.enum(socialKinds),
  profile_email: rawEmail().nullish(),
  profile_phone: z.string().nullish(),
  text: z.string().nullish(),
  occurred_at: timestamp(),
});
export type SocialInteraction = z.infer<typeof SocialInteraction>;

export const socialChannel = defineChannel({
  name: 'social',
  description: 'one row per interaction (mention, comment, reply, dm, follow, like, share)',
  table: 'social_interactions',
  schema: SocialInteraction,
  key: ['platform', 'interaction_id'],
  timeField: 'occurred_at',
  recordId: "platform || ':' || interaction_id",
  identifiers: [
    { kind: 'handle', value: "platform || ':' || handle" },
    { kind: 'email', value: 'profile_email' },
    { kind: 'phone', value: 'profile_phone' },
  ],
  sentiment: { text: 'text' },
  customer360: {
    lastInteraction: 'max(occurred_at)',
    latestSentiment: latestSentiment('occurred_at'),
    columns: [
      { name: 'social_interactions', type: 'BIGINT', meaning: 'social interactions of any kind', aggregate: 'count(*)', absent: '0' },
      { name: 'social_conversations', type: 'BIGINT', meaning: 'comments, replies, DMs and mentions', aggregate: "count(*) FILTER (WHERE kind IN ('comment', 'reply', 'dm', 'mention'))", absent: '0' },
      { name: 'social_reactions', type: 'BIGINT', meaning: 'likes, shares and follows', aggregate: "count(*) FILTER (WHERE kind IN ('like', 'share', 'follow'))", absent: '0' },
      { name: 'last_social_at', type: 'TIMESTAMP', meaning: 'time of the latest social interaction', aggregate: 'max(occurred_at)' },
    ],
  },
});
