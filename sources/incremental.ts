// Cursor (watermark) arithmetic shared by the connectors: lookback windows, backfill starts and monotonic advance.
import { durationMs, isoTime, type Lookback } from './incremental-config.js';
import type { ExtractContext } from './source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';

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

/**
 * The latest event time among the good rows of a checked stage (`StagedBatch.checked`: its table `<stage>_src`
 * holds the field already typed), as a canonical cursor; null when there is none.
 */
export async function stagedMaxTime(wh: Warehouse, stage: string, field: string): Promise<string | null> {
  const table = ident(`${stage}_src`);
  const [{ type } = { type: '' }] = await wh.all<{ type: string }>(`SELECT column_type AS type FROM (DESCRIBE ${table}) WHERE column_name = $1`, [field]);
  const value = type === 'TIMESTAMP' ? ident(field) : `TRY_CAST(${ident(field)} AS TIMESTAMPTZ)`; // a typed time needs no parsing
  const [row] = await wh.all<{ t: string | null }>(
    `SELECT strftime(max(${value}), '%Y-%m-%dT%H:%M:%S.%fZ') AS t FROM ${table} WHERE _reason IS NULL`,
  );
  return row?.t ?? null;
}

/**
 * Deletes the rows of a checked stage (its table `<stage>_src`) whose event time is before `from`: a good row's
 * typed time, or the time a bad row's text gives (`_fields`). A bad row whose time does not parse stays, for
 * quarantine. Returns how many.
 */
export async function dropStagedBefore(wh: Warehouse, stage: string, field: string, from: string): Promise<number> {
  const table = ident(`${stage}_src`);
  const time = `coalesce(TRY_CAST(${ident(field)} AS TIMESTAMPTZ), TRY_CAST(trim(json_extract_string(_fields, ${literal('$.' + JSON.stringify(field))})) AS TIMESTAMPTZ))`;
  const where = `${time} < $1::TIMESTAMPTZ`; // NULL (a time that does not parse) is kept
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, [from]);
  if (n > 0) await wh.run(`DELETE FROM ${table} WHERE ${where}`, [from]);
  return n;
}
