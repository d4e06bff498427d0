// Cursor (watermark) arithmetic shared by the connectors: lookback windows, backfill starts and monotonic advance.
import { durationMs, isoTime, type Lookback } from './incremental-config.js';
import type { ExtractContext } from './source.js';

export { durationMs, isoTime, Lookback, StartDate } from './incremental-config.js';

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
