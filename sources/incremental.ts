// Cursor (watermark) arithmetic shared by the connectors: lookback windows, backfill starts and monotonic advance.
import { z } from 'zod';
import type { ExtractContext } from './source.js';

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

/**
 * Where this run starts reading, or undefined for "from the beginning": `--since` wins, then the cursor minus
 * the lookback window, then the configured `start`. A full refresh reads everything (or from `start`).
 * Integer cursors (a database sequence) step back by a numeric lookback instead.
 */
export function windowStart(ctx: Pick<ExtractContext, 'cursor' | 'mode'>, lookback?: Lookback, start?: string): string | undefined {
  if (ctx.mode.since !== undefined) return isoTime(ctx.mode.since) ?? ctx.mode.since;
  const cursor = ctx.mode.fullRefresh ? undefined : ctx.cursor;
  if (cursor === undefined) return start === undefined ? undefined : isoTime(start);
  if (/^-?\d+$/.test(cursor)) return String(BigInt(cursor) - BigInt(typeof lookback === 'number' ? lookback : 0));
  const back = durationMs(lookback);
  if (back === 0) return cursor;
  return new Date(Date.parse(cursor) - back).toISOString().replace(/Z$/, '000Z'); // ms precision is enough: it only widens the window
}

/** The later of two cursors (integers compare as numbers, times as canonical text); a cursor never moves back. */
export function laterCursor(a: string | undefined, b: string | undefined | null): string | undefined {
  if (b === undefined || b === null) return a;
  if (a === undefined) return b;
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return BigInt(b) > BigInt(a) ? b : a;
  return b > a ? b : a;
}
