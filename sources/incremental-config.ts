// The config contract of incremental reads (lookback window, first start) and the pure time arithmetic it needs.
import { z } from 'zod';

const units: Readonly<Record<string, number>> = { second: 1e3, minute: 60e3, hour: 3600e3, day: 86400e3, week: 7 * 86400e3 };
const durationPattern = /^\s*(\d+)\s*(second|minute|hour|day|week)s?\s*$/;

/** A lookback window in config: `'2 days'`, `'36 hours'`, `'90 minutes'`, or a number for integer cursors. */
export const Lookback = z.union([
  z.string().regex(durationPattern, 'expected a duration such as "2 days", "12 hours" or "30 minutes"'),
  z.int().min(0),
]);
export type Lookback = z.infer<typeof Lookback>;

/** A start date or date-time for the first run (ISO-8601). */
export const StartDate = z.string().refine((s) => isoTime(s) !== undefined, 'expected an ISO-8601 date or date-time');

/** Milliseconds in a duration string (see {@link Lookback}); 0 for a numeric lookback. */
export function durationMs(lookback: Lookback | undefined): number {
  if (lookback === undefined || typeof lookback === 'number') return 0;
  const m = durationPattern.exec(lookback);
  return m ? Number(m[1]) * units[m[2]!]! : 0;
}

/**
 * A date or date-time in the canonical cursor form `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds, fixed
 * width so cursors compare as text); undefined when it is not one. No offset means UTC.
 */
export function isoTime(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const [, date, hm = '00:00', sec = '00', frac = '', zone = 'Z'] = m;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${hm}:${sec}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac.slice(0, 6).padEnd(6, '0')}Z`;
}
