// The social channel contract: one row per interaction (mention, comment, reply, dm, follow, like, share).
import { z } from 'zod';
import { defineChannel } from './channel.js';
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
  table: 'social_interactions',
  schema: SocialInteraction,
  key: ['platform', 'interaction_id'],
  timeField: 'occurred_at',
});
