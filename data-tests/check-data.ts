// What each kind of data test measures in the warehouse, and whether that passes: one function per kind.
import { formatAge, formatDuration, parseDuration } from '../shared/duration.js';
import { checkFreshness } from '../load/freshness.js';
import type { Channel } from '../sources/contracts/index.js';
import { ident, literal, type Warehouse } from '../warehouse/warehouse.js';
import type { DataTest } from './data-tests-config.js';

/** What one check found: whether it passed, the rows that fail it (row tests), the measured value and a sentence. */
export interface CheckOutcome {
  readonly passed: boolean;
  readonly failingRows: number | null;
  /** Row count (row_count_change), quarantine percentage (quarantine_rate) or age in hours (freshness). */
  readonly observed: number | null;
  readonly message: string;
}

/** What a check may need besides the warehouse; passed in so a test run is repeatable. */
export interface CheckContext {
  readonly now: Date;
  /** The channel a configured source loads into; undefined for a source the config does not name. */
  readonly channelOf: (source: string) => Channel | undefined;
  /** The row count this test observed the previous time it ran (row_count_change), if it ran before. */
  readonly previousCount?: number;
}

const n = (v: number) => v.toLocaleString('en-US');
/** `1 row`, `3 rows`: counts read as written by a person. */
export const counted = (v: number, noun: string) => `${n(v)} ${noun}${v === 1 ? '' : 's'}`;
const pct = (v: number) => `${Number(v.toFixed(2))}%`;
const examples = (values: readonly { v: string; n: number }[]) => values.map((r) => `${JSON.stringify(r.v)} (${n(r.n)})`).join(', ');

/**
 * Runs one check. @throws Error naming the table, column or source when the check cannot run (a missing table,
 * an unknown source): the caller records that as the test's `error` status.
 */
export async function checkData(wh: Warehouse, t: DataTest, ctx: CheckContext): Promise<CheckOutcome> {
  switch (t.kind) {
    case 'not_null': {
      const [r] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(t.table)} WHERE ${ident(t.column)} IS NULL`);
      const bad = r?.n ?? 0;
      return { passed: bad === 0, failingRows: bad, observed: null, message: bad === 0 ? `no NULL in ${t.table}.${t.column}` : `${counted(bad, 'row')} of ${t.table} ${bad === 1 ? 'has' : 'have'} no ${t.column}` };
    }
    case 'unique': {
      const dupes = await wh.all<{ v: string; n: number }>(
        `SELECT ${ident(t.column)}::VARCHAR AS v, count(*) AS n FROM ${ident(t.table)} WHERE ${ident(t.column)} IS NOT NULL
         GROUP BY 1 HAVING count(*) > 1 ORDER BY n DESC, v`); // NULLs are not_null's business, as in dbt
      const rows = dupes.reduce((s, r) => s + r.n, 0);
      return dupes.length === 0
        ? { passed: true, failingRows: 0, observed: null, message: `every ${t.table}.${t.column} occurs once` }
        : { passed: false, failingRows: rows, observed: null, message: `${counted(dupes.length, 'value')} of ${t.table}.${t.column} ${dupes.length === 1 ? 'occurs' : 'occur'} more than once (${counted(rows, 'row')}), e.g. ${examples(dupes.slice(0, 3))}` };
    }
    case 'accepted_values': {
      const odd = await wh.all<{ v: string; n: number }>(
        `SELECT ${ident(t.column)}::VARCHAR AS v, count(*) AS n FROM ${ident(t.table)}
         WHERE ${ident(t.column)} IS NOT NULL AND ${ident(t.column)}::VARCHAR NOT IN (${t.values.map(literal).join(', ')})
         GROUP BY 1 ORDER BY n DESC, v`);
      const rows = odd.reduce((s, r) => s + r.n, 0);
      return odd.length === 0
        ? { passed: true, failingRows: 0, observed: null, message: `every ${t.table}.${t.column} is one of the ${t.values.length} accepted values` }
        : { passed: false, failingRows: rows, observed: null, message: `${counted(rows, 'row')} of ${t.table} ${rows === 1 ? 'has' : 'have'} a ${t.column} outside the accepted values: ${examples(odd.slice(0, 5))}` };
    }
    case 'row_count_change': {
      const [r] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(t.table)}`);
      const now = r?.n ?? 0;
      const before = ctx.previousCount;
      if (before === undefined) return { passed: true, failingRows: null, observed: now, message: `${t.table} has ${n(now)} rows; first count, nothing to compare with` };
      const change = before === 0 ? (now === 0 ? 0 : Infinity) : ((now - before) / before) * 100;
      const tooSmall = t.maxDecreasePct !== undefined && -change > t.maxDecreasePct;
      const tooLarge = t.maxIncreasePct !== undefined && change > t.maxIncreasePct;
      const moved = change === Infinity ? 'grew from 0' : change === 0 ? 'is unchanged' : change < 0 ? `shrank by ${pct(-change)}` : `grew by ${pct(change)}`;
      const limit = tooSmall ? ` (allowed: ${pct(t.maxDecreasePct!)} fewer)` : tooLarge ? ` (allowed: ${pct(t.maxIncreasePct!)} more)` : '';
      return { passed: !tooSmall && !tooLarge, failingRows: null, observed: now, message: `${t.table} ${moved}, ${n(before)} -> ${n(now)} rows${limit}` };
    }
    case 'quarantine_rate': {
      const channel = knownSource(t.source, ctx);
      const tables = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [channel.table]);
      const [loaded] = tables[0]?.n ? await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(channel.table)} WHERE _source = $1`, [t.source]) : [{ n: 0 }];
      const [open] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM quarantine WHERE source = $1 AND resolved_at IS NULL`, [t.source]); // re-loaded fixes no longer count
      const q = open?.n ?? 0;
      const total = q + (loaded?.n ?? 0);
      if (total === 0) return { passed: true, failingRows: 0, observed: 0, message: `source ${t.source} has no rows yet` };
      const rate = (q / total) * 100;
      return { passed: rate <= t.maxPct, failingRows: q, observed: rate, message: `${pct(rate)} of the rows of source ${t.source} are quarantined (${n(q)} of ${n(total)}; allowed ${pct(t.maxPct)})` };
    }
    case 'freshness': {
      const maxAgeMs = parseDuration(t.maxAge)!;
      const [f] = await checkFreshness(wh, [{ source: t.source, channel: knownSource(t.source, ctx), maxAgeMs }], ctx.now);
      const hours = f!.ageMs === null ? null : f!.ageMs / 3_600_000;
      return {
        passed: !f!.stale,
        failingRows: null,
        observed: hours,
        message: f!.newest ? `the newest data of source ${t.source} is from ${f!.newest.toISOString()}, ${formatAge(f!.ageMs!)} old (allowed ${formatDuration(maxAgeMs)})` : `source ${t.source} has no data loaded yet`,
      };
    }
  }
}

function knownSource(source: string, ctx: CheckContext): Channel {
  const channel = ctx.channelOf(source);
  if (!channel) throw new Error(`unknown source "${source}": the config's "sources" does not name it`);
  return channel;
}
