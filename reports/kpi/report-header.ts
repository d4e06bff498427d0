// The report header's facts: data freshness per source, the run the data comes from, and the as-of of the analytics.
import type { Warehouse } from '../../warehouse/warehouse.js';
import { customer360, type DB } from '../../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../../warehouse/query-builder.js';
import { missingTable } from '../missing-table.js';
import { modelNeeds } from './upstream-tables.js';

/** How fresh one source's data is. */
export interface SourceFreshness {
  readonly source: string;
  readonly channel: string;
  /** Newest record time (UTC, 'YYYY-MM-DD HH:MM'), NULL when the source has no rows. */
  readonly newestRecord: string | null;
  /** When the source's rows were last loaded (UTC). */
  readonly lastLoaded: string | null;
  readonly records: number;
  /** The newest record is more than {@link LATE_AFTER_DAYS} days before the report period ends. */
  readonly late: boolean;
}

/** A source is marked late when its newest record is older than this many days before the period's end. */
export const LATE_AFTER_DAYS = 2;

const channels = [
  { channel: 'email', table: 'email_events', at: 'occurred_at' },
  { channel: 'social', table: 'social_interactions', at: 'occurred_at' },
  { channel: 'orders', table: 'order_lines', at: 'ordered_at' },
  { channel: 'support', table: 'support_messages', at: 'occurred_at' },
  { channel: 'feedback', table: 'survey_responses', at: 'occurred_at' },
] as const;

/**
 * One row per loaded source (the `_source` lineage column), newest record and last load, channels in a fixed
 * order. With `configured` (the channels the config's sources load), other channels are left out and a configured
 * channel with no data yet gets one row with no data, marked late; without it, channels with no data are left out
 * (an orders-only shop's report does not list email and social as late).
 */
export async function sourceFreshness(wh: Warehouse, periodEnd: string, configured?: readonly string[]): Promise<SourceFreshness[]> {
  const out: SourceFreshness[] = [];
  for (const { channel, table, at } of channels) {
    const wanted = configured?.includes(channel) ?? false;
    if (configured && !wanted) continue;
    const noData = { source: channel, channel, newestRecord: null, lastLoaded: null, records: 0, late: true };
    if ((await missingTable(wh, table, [at, '_source', '_loaded_at'], 'load')) !== null) {
      if (wanted) out.push(noData);
      continue;
    }
    const rows = await wh.all<Omit<SourceFreshness, 'channel'>>(
      `SELECT _source AS source, strftime(max(${at}), '%Y-%m-%d %H:%M') AS "newestRecord",
              strftime(max(_loaded_at), '%Y-%m-%d %H:%M') AS "lastLoaded", count(*) AS records,
              max(${at}) < $1::DATE - INTERVAL ${LATE_AFTER_DAYS} DAY AS late
       FROM ${table} GROUP BY _source ORDER BY _source`,
      [periodEnd],
    );
    if (rows.length === 0 && wanted) out.push(noData);
    for (const r of rows) out.push({ ...r, channel });
  }
  return out;
}

/** The latest recorded pipeline run, or NULL when none was recorded. */
export async function latestRun(wh: Warehouse): Promise<{ runId: string; status: string; startedAt: string } | null> {
  const [row] = await wh.all<{ runId: string; status: string; startedAt: string }>(
    `SELECT run_id AS "runId", status, strftime(started_at, '%Y-%m-%d %H:%M') AS "startedAt"
     FROM pipeline_runs ORDER BY started_at DESC, run_id DESC LIMIT 1`,
  );
  return row ?? null;
}

/** The as-of date `customer_360` was last built for, or NULL when it has not been built. */
export async function analyticsAsOf(wh: Warehouse): Promise<string | null> {
  if ((await missingTable(wh, ...modelNeeds(customer360, ['as_of']))) !== null) return null;
  // as_of is a DATE, which reads as 'YYYY-MM-DD'; max() is NULL on an empty table.
  const [row] = await selectRows(wh, queryBuilder<DB>().selectFrom('customer_360').select((eb) => eb.fn.max<string | null>('as_of').as('d')));
  return row?.d ?? null;
}

/**
 * Warnings the run recorded about its data (`stale-source` when a source is older than the pipeline's `freshness`
 * limit; `schema-drift` and `missing-column` from the loads), so the report says what the run record says. Empty
 * without a run or warnings table.
 */
export async function runDataWarnings(wh: Warehouse, runId: string | null): Promise<string[]> {
  if (runId === null || (await missingTable(wh, 'pipeline_warnings', ['run_id', 'kind', 'message'], 'the runner')) !== null) return [];
  const rows = await wh.all<{ message: string }>(
    `SELECT message FROM pipeline_warnings WHERE run_id = $1 AND kind IN ('stale-source', 'schema-drift', 'missing-column') ORDER BY recorded_at, message`,
    [runId],
  );
  return rows.map((r) => r.message);
}
