// The config contract of the personalisation steps: `analytics.recommendations` and `analytics.preferences` (docs/recommendations.md).
import { z } from 'zod';

/** How often the co-purchase model is rebuilt: its purchases end at the as-of date's day, ISO week (Monday) or month. */
export const ModelRefresh = z.enum(['day', 'week', 'month']);
export type ModelRefresh = z.infer<typeof ModelRefresh>;

/** What product_recommendations uses when the config says nothing (and what `rapport recommend` falls back to). */
export const recommendationDefaults = Object.freeze({
  count: 5, excludeDays: 90, basketCap: 50, neighbours: 100, minTogether: 2, excludeSkus: Object.freeze([] as string[]), repeatWeight: 3, repeatHalfLifeDays: 180,
  modelRefresh: 'week' as ModelRefresh,
});

const whole = z.int().positive();

/**
 * `analytics.recommendations`: the daily product_recommendations step's settings, the same as `rapport recommend`'s options.
 * @example recommendations: { count: 10, excludeDays: 30, excludeSkus: ['POST'] }
 */
export const RecommendationsConfig = z
  .object({
    count: whole.default(recommendationDefaults.count),
    excludeDays: z.int().min(0).default(recommendationDefaults.excludeDays),
    excludeSkus: z.array(z.string().trim().min(1)).default([]),
    basketCap: whole.default(recommendationDefaults.basketCap),
    neighbours: whole.default(recommendationDefaults.neighbours),
    minTogether: whole.default(recommendationDefaults.minTogether),
    repeatWeight: z.number().min(0).default(recommendationDefaults.repeatWeight),
    repeatHalfLifeDays: z.number().positive().default(recommendationDefaults.repeatHalfLifeDays),
    modelRefresh: ModelRefresh.default(recommendationDefaults.modelRefresh),
  })
  .strict();
export type RecommendationsConfig = z.infer<typeof RecommendationsConfig>;

/** Fewer opens and clicks than this leave best day and hour to send NULL. */
export const defaultMinSendEvents = 5;

/**
 * `analytics.preferences`: the daily customer_preferences step's settings.
 * @example preferences: { minEvents: 10 }
 */
export const PreferencesConfig = z
  .object({
    minEvents: whole.default(defaultMinSendEvents),
  })
  .strict();
export type PreferencesConfig = z.infer<typeof PreferencesConfig>;
