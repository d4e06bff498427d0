// The config contract of the analytics steps: RFM window, segment map, churn window, support SLA and business hours, personalisation.
import { z } from 'zod';
import { isTimeZone } from '../shared/dates.js';
import { PreferencesConfig, RecommendationsConfig } from './personalisation-config.js';
import { defaultSegmentMap, SegmentMap } from './rfm-segment-map.js';

/** Default inactivity window after which a customer counts as churned. */
export const defaultChurnInactivityDays = 180;

/** The default service level of support: a first answer within an hour. */
export const defaultSupportSlaMinutes = 60;

/** Days of the week as the config writes them, Monday first (index + 1 is the ISO day number). */
export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day "HH:MM" such as "09:00"');

/**
 * When support works: first-response and resolution times then count only these hours (docs/satisfaction.md).
 * @example businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00', timezone: 'Europe/London' }
 */
export const BusinessHours = z
  .object({
    days: z.array(z.enum(weekDays)).min(1, 'expected at least one day').default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clock.default('09:00'),
    end: clock.default('17:00'),
    /** IANA zone the hours are read in; daylight saving changes are followed. */
    timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/Paris"').default('UTC'),
  })
  .strict()
  .refine((b) => b.start < b.end, { message: 'expected end after start (opening hours within one day)', path: ['end'] });
export type BusinessHours = z.infer<typeof BusinessHours>;

/**
 * Business hours in words, for tables and reports.
 * @example describeBusinessHours({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00', timezone: 'Europe/London' })
 * // 'Mon-Fri 09:00-18:00 Europe/London'
 */
export function describeBusinessHours(b: BusinessHours): string {
  const ds = [...new Set(b.days)].map((d) => weekDays.indexOf(d)).sort((x, y) => x - y);
  const name = (i: number) => weekDays[i]!.charAt(0).toUpperCase() + weekDays[i]!.slice(1);
  const runOfDays = ds.length > 2 && ds.at(-1)! - ds[0]! === ds.length - 1;
  return `${runOfDays ? `${name(ds[0]!)}-${name(ds.at(-1)!)}` : ds.map(name).join(', ')} ${b.start}-${b.end} ${b.timezone}`;
}

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
    /** Support's opening hours; set, first-response and resolution times (and the SLA) count only them. Off by default. */
    businessHours: BusinessHours.optional(),
    /** The daily product_recommendations step: count, exclusions and the other `rapport recommend` settings (docs/recommendations.md). */
    recommendations: RecommendationsConfig.prefault({}),
    /** The daily customer_preferences step: how many opens and clicks a best send time needs. */
    preferences: PreferencesConfig.prefault({}),
  })
  .strict();
export type AnalyticsConfig = z.infer<typeof AnalyticsConfig>;

/** The analytics settings when the config has no `analytics` key. */
export const defaultAnalyticsConfig: AnalyticsConfig = Object.freeze(AnalyticsConfig.parse({}));
