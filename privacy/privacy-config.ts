// The config contract of retention (`retention` in rapport.config.ts): how long each channel's raw rows are kept.
import { z } from 'zod';
import { channelNames, type ChannelName } from '../sources/contracts/index.js';

/** A retention period in calendar units: `24 months`, `2 years`, `90 days`, `12 weeks` (singular or plural). */
export const RetentionPeriod = z
  .string()
  .regex(/^\s*[1-9]\d* ?(day|week|month|year)s?\s*$/, 'expected a period such as "24 months", "2 years", "12 weeks" or "90 days"')
  .transform((text) => {
    const [, n, unit] = /^\s*(\d+) ?(day|week|month|year)s?\s*$/.exec(text)!;
    return Object.freeze({ count: Number(n), unit: unit as 'day' | 'week' | 'month' | 'year', text: text.trim() });
  });
export type RetentionPeriod = z.infer<typeof RetentionPeriod>;

/**
 * `retention` in the config: channel name -> how long its raw rows are kept (by the channel's time field). Channels
 * not named are kept for ever. @example retention: { email: '24 months', social: '12 months' }
 */
export const RetentionConfig = z
  .partialRecord(z.enum(channelNames as [ChannelName, ...ChannelName[]]), RetentionPeriod)
  .default({});
export type RetentionConfig = z.infer<typeof RetentionConfig>;
