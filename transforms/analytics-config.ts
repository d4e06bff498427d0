// The config contract of the segment and retention metrics: RFM window, segment map and churn window.
import { z } from 'zod';
import { defaultSegmentMap, SegmentMap } from './rfm-segment-map.js';

/** Default inactivity window after which a customer counts as churned. */
export const defaultChurnInactivityDays = 180;

/** The default service level of support: a first answer within an hour. */
export const defaultSupportSlaMinutes = 60;

/**
 * `analytics` in `rapport.config.ts`. Every key is optional; the defaults are the documented definitions.
 * @example analytics: { rfmWindowDays: 365, churnInactivityDays: 90 }
 */
export const AnalyticsConfig = z
  .object({
    /** Monetary counts only orders of the last N UTC days before the as-of date; omitted = all history. */
    rfmWindowDays: z.int().positive().optional(),
    /** Ordered rules naming segments from the R and FM scores; the first match wins. */
    segmentMap: SegmentMap.default(defaultSegmentMap),
    /**
     * Days without a counted order after which a customer has churned. At least 31, so that every customer who
     * churns in a month was already a customer at the start of that month (churn rate's denominator).
     */
    churnInactivityDays: z.int().min(31, 'expected at least 31 days (a month)').default(defaultChurnInactivityDays),
    /** Minutes to a first answer that support promises (support_responsiveness, satisfaction_churn's bands). */
    supportSlaMinutes: z.int().positive().default(defaultSupportSlaMinutes),
  })
  .strict();
export type AnalyticsConfig = z.infer<typeof AnalyticsConfig>;

/** The analytics settings when the config has no `analytics` key. */
export const defaultAnalyticsConfig: AnalyticsConfig = Object.freeze(AnalyticsConfig.parse({}));
