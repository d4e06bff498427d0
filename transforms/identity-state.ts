// What the identity build has already processed (its watermark), and whether this build can add to it or must start over.
import { createHash } from 'node:crypto';
import type { ChannelRegistry } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
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
    built_through TIMESTAMP, config_hash VARCHAR, channel_rows BIGINT, run_id VARCHAR, built_at TIMESTAMP);`;

/** A state row written before channels came from the registry kept one count per table; the plan needs their sum. */
async function upgradeBuildState(wh: Warehouse): Promise<void> {
  const old = await wh.all(`SELECT 1 FROM information_schema.columns WHERE table_name = 'identity_build_state' AND column_name = 'email_rows'`);
  if (old.length > 0) await wh.run(`CREATE OR REPLACE TABLE identity_build_state AS
    SELECT built_through, config_hash, email_rows + social_rows + order_rows AS channel_rows, run_id, built_at FROM identity_build_state`);
}

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
  /** Rows in the channel tables, all channels together. */
  readonly rows: number;
  /** Fingerprints of the identity config and of the channels' identifiers, as `<config>:<channels>`. */
  readonly configHash: string;
}

const beginning = '-infinity';

/** A fingerprint of the identity config: values normalised or blocked under another config need a full build. */
export function identityConfigHash(config: IdentityConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

/** A fingerprint of what the channels say about identity: a changed identifier or record id needs every row read again. */
function channelsHash(registry: ChannelRegistry): string {
  const decls = Object.values(registry).map((c) => [c.name, c.table, c.recordId, c.identifiers]);
  return createHash('sha256').update(JSON.stringify(decls)).digest('hex').slice(0, 16);
}

/**
 * Compares the channel tables of `registry` with the last build's state. New rows are those loaded after its
 * watermark. The loader replaces a corrected row (delete, then insert with the same key; it deletes rows in no other
 * way), so when the tables hold fewer rows than the last build saw plus the new ones, some earlier rows are gone and
 * their identifiers' counts are recomputed from the tables.
 */
export async function planIdentityBuild(wh: Warehouse, config: IdentityConfig, forceFull: boolean, registry: ChannelRegistry, matched = ''): Promise<IdentityPlan> {
  // `matched` (non-empty when contacts are matched) joins the config part: turning matching on or off is a config change.
  const [configPart, channelsPart] = [identityConfigHash(config) + matched, channelsHash(registry)];
  const configHash = `${configPart}:${channelsPart}`;
  await upgradeBuildState(wh);
  const [state] = await wh.all<{ built_through: string; config_hash: string; channel_rows: number }>(
    `SELECT built_through::VARCHAR AS built_through, config_hash, channel_rows FROM identity_build_state LIMIT 1`);
  const since = state?.built_through ?? beginning;
  const tables = Object.values(registry).map((c) => ident(c.table));
  const sum = (part: (table: string) => string) => `(${tables.map((t) => `(${part(t)})`).join(' + ')})::DOUBLE`;
  const [now] = await wh.all<{ until: string | null; rows: number; fresh: number }>(`
    SELECT (SELECT max(t)::VARCHAR FROM (${tables.map((t) => `SELECT max(_loaded_at) AS t FROM ${t}`).join(' UNION ALL ')})) AS until,
           ${sum((t) => `SELECT count(*) FROM ${t}`)} AS rows,
           ${sum((t) => `SELECT count(*) FROM ${t} WHERE _loaded_at > ${literal(since)}::TIMESTAMP`)} AS fresh`);
  const rows = now!.rows;
  const until = now!.until ?? since;
  const full = (reason: string): IdentityPlan => ({ full: true, statsKeep: false, since: beginning, until, reason, rows, configHash });
  if (forceFull) return full('full refresh asked for');
  if (!state) return full('first build');
  const [storedConfig, storedChannels] = state.config_hash.split(':');
  if (storedConfig !== configPart) return full('the identity config changed');
  // A state written before the channels were fingerprinted has no second part: read everything once.
  if (storedChannels !== channelsPart) return full("the channels' identifiers changed");
  const replaced = state.channel_rows + now!.fresh - rows;
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
      ${plan.rows}, ${runId === null ? 'NULL' : literal(runId)}, ${at});`;
}
