// The config contract of incremental reads (lookback window, first start) and the pure time arithmetic it needs.
import { z } from 'zod';
import { isoTime } from '../shared/dates.js';
import { durationForms, parseDuration } from '../shared/duration.js';

export { isoTime };

/** A lookback window in config: a duration (`'2 days'`, `'36 hours'`, `'90m'`), or a number for integer cursors. */
export const Lookback = z.union([
  z.string().refine((s) => parseDuration(s) !== undefined, durationForms),
  z.int().min(0),
], { error: (issue) => (issue.code === 'invalid_union' ? `${durationForms}, or a whole number for integer cursors` : undefined) });
export type Lookback = z.infer<typeof Lookback>;

/** A start date or date-time for the first run (ISO-8601). */
export const StartDate = z.string().refine((s) => isoTime(s) !== undefined, 'expected an ISO-8601 date or date-time such as "2026-01-31" or "2026-01-31T08:00:00Z" (a real calendar date)');

/** Milliseconds in a duration string (see {@link Lookback}); 0 for a numeric lookback. */
export function durationMs(lookback: Lookback | undefined): number {
  if (lookback === undefined || typeof lookback === 'number') return 0;
  return parseDuration(lookback) ?? 0;
}
