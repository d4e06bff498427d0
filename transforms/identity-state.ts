// What the identity build has already processed (its watermark), and whether this build can add to it or must start over.
import { createHash } from 'node:crypto';
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';
import type { IdentityConfig } from './identity-config.js';

/** The stored tables of identity resolution, empty until the first build; all hold a row per identifier, not per record. */
export const identityTablesSql = `
  CREATE TABLE IF NOT EXISTS identity_raw_stats (kind VARCHAR, raw VARCHAR, records BIGINT, email_records BIGINT,
    first_seen TIMESTAMP, last_seen TIMESTAMP, last_order_at TIMESTAMP);
  CREATE TABLE IF NOT EXISTS identity_values (kind VARCHAR, raw VARCHAR, value VARCHAR, identity VARCHAR, valid BOOLEAN, blocked BOOLEAN);
  CREATE TABLE IF NOT EXISTS identity_links (via VARCHAR, identity VARCHAR);
  CREATE TABLE IF NOT EXISTS identities (identity VARCHAR, kind VARCHAR, value VARCHAR, status VARCHAR, customer_id VARCHAR,
    first_seen TIMESTAMP, last_seen TIMESTAMP, records BIGINT);
  CREATE TABLE IF NOT EXISTS customer_ids (identity VARCHAR, customer_id VARCHAR NOT NULL, assigned_at TIMESTAMP, run_id VARCHAR);
  CREATE TABLE IF NOT EXISTS identity_merges (
    event VARCHAR NOT NULL, merged_at TIMESTAMP, run_id VARCHAR, surviving_id VARCHAR NOT NULL, absorbed_id VARCHAR NOT NULL,
    linking_identity VARCHAR, linked_identity VARCHAR, via_record VARCHAR, reason VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS identity_merge_refusals (
    run_id VARCHAR, round INTEGER, refused_identity VARCHAR, kind VARCHAR, would_have INTEGER, max_allowed INTEGER,
    component_label VARCHAR, reason VARCHAR);
  CREATE TABLE IF NOT EXISTS customers_touched (customer_id VARCHAR);
  CREATE TABLE IF NOT EXISTS identity_build_state (
    built_through TIMESTAMP, config_hash VARCHAR, email_rows BIGINT, social_rows BIGINT, order_rows BIGINT, run_id VARCHAR, built_at TIMESTAMP);`;

/** How one build reads the channel tables: rows with `since` < _loaded_at <= `until` are new. */
export interface IdentityPlan {
  /** Recompute everything from all rows (first build, --full-refresh, changed identity config). */
  readonly full: boolean;
  /** Add the new rows' counts to identity_raw_stats; false when rows were replaced (corrections), so counts are redone. */
  readonly statsKeep: boolean;
  readonly since: string;
  readonly until: string;
  /** Why the build is full or recounts, in words (for the run log). */
  readonly reason: string;
  readonly rows: { readonly email: number; readonly social: number; readonly orders: number };
  readonly configHash: string;
}

const beginning = '-infinity';

/** A fingerprint of the identity config: values normalised or blocked under another config need a full build. */
export function identityConfigHash(config: IdentityConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

/**
 * Compares the channel tables with the last build's state. New rows are those loaded after its watermark. The loader
 * replaces a corrected row (delete, then insert with the same key; it deletes rows in no other way), so when a table
 * holds fewer rows than the last build saw plus the new ones, some earlier rows are gone and their identifiers'
 * counts are recomputed from the tables.
 */
export async function planIdentityBuild(wh: Warehouse, config: IdentityConfig, forceFull: boolean): Promise<IdentityPlan> {
  const configHash = identityConfigHash(config);
  const [state] = await wh.all<{ built_through: string; config_hash: string; email_rows: number; social_rows: number; order_rows: number }>(
    `SELECT built_through::VARCHAR AS built_through, config_hash, email_rows, social_rows, order_rows FROM identity_build_state LIMIT 1`);
  const since = state?.built_through ?? beginning;
  const count = (table: string) => `(SELECT count(*) FROM ${table})::DOUBLE AS ${table}, (SELECT count(*) FROM ${table} WHERE _loaded_at > ${literal(since)}::TIMESTAMP)::DOUBLE AS ${table}_new`;
  const [now] = await wh.all<Record<string, number> & { until: string | null }>(`
    SELECT (SELECT max(t)::VARCHAR FROM (SELECT max(_loaded_at) AS t FROM email_events UNION ALL SELECT max(_loaded_at) FROM social_interactions
                                        UNION ALL SELECT max(_loaded_at) FROM order_lines)) AS until,
           ${count('email_events')}, ${count('social_interactions')}, ${count('order_lines')}`);
  const rows = { email: now!.email_events!, social: now!.social_interactions!, orders: now!.order_lines! };
  const until = now!.until ?? since;
  const full = (reason: string): IdentityPlan => ({ full: true, statsKeep: false, since: beginning, until, reason, rows, configHash });
  if (forceFull) return full('full refresh asked for');
  if (!state) return full('first build');
  if (state.config_hash !== configHash) return full('the identity config changed');
  const replaced = state.email_rows + now!.email_events_new! - rows.email + state.social_rows + now!.social_interactions_new! - rows.social
    + state.order_rows + now!.order_lines_new! - rows.orders;
  // More rows than the last build saw plus the new ones: rows were loaded with a time before its watermark (a clock
  // set back); they cannot be told apart, so everything is read again.
  if (replaced < 0) return full(`${-replaced} rows loaded with a time before the last build's watermark`);
  if (replaced > 0) return { full: false, statsKeep: false, since, until, reason: `${replaced} rows replaced since the last build: counts redone`, rows, configHash };
  return { full: false, statsKeep: true, since, until, reason: 'new rows only', rows, configHash };
}

/** SQL writing the state after a build; run in the same transaction as the build's outputs, so a crash redoes the build. */
export function identityStateSql(plan: IdentityPlan, runId: string | null, now: Date | null): string {
  const at = now === null ? 'NULL' : `${literal(now.toISOString().replace('T', ' ').replace('Z', ''))}::TIMESTAMP`;
  return `DELETE FROM identity_build_state;
    INSERT INTO identity_build_state VALUES (${plan.until === beginning ? 'NULL' : `${literal(plan.until)}::TIMESTAMP`}, ${literal(plan.configHash)},
      ${plan.rows.email}, ${plan.rows.social}, ${plan.rows.orders}, ${runId === null ? 'NULL' : literal(runId)}, ${at});`;
}
