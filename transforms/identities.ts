// Resolves every identifier seen in the channel tables into customers (connected components inside DuckDB), incrementally.
import { channels, type ChannelRegistry } from '../sources/contracts/index.js';
import { literal, type Warehouse } from '../warehouse/warehouse.js';
import { changedRecordIdentifiersSql, channelTablesSql, customerRecordsSql, recordIdentifiersSql } from './channel-records.js';
import { assignCustomerIds } from './customer-ids.js';
import { defaultIdentityConfig, type IdentityConfig } from './identity-config.js';
import { resolveComponents } from './identity-components.js';
import { identityStateSql, identityTablesSql, planIdentityBuild, type IdentityPlan } from './identity-state.js';
import type { MatchResult } from './match-candidates.js';
import type { MatchConfig } from './match-config.js';
import { addMatchLinks } from './match-links.js';
import { emailFormsSql, normaliseEmail, normalisePhone, sqlDecidableEmail } from './normalise-identifiers.js';
import { runSqlModel } from './sql-model.js';

/** What resolution produced. */
export interface IdentityCounts {
  readonly identities: number;
  readonly customers: number;
  /** Label-propagation rounds, summed over the refusal rounds. */
  readonly iterations: number;
  readonly refusals: number;
  readonly merges: number;
  readonly splits: number;
  /** Whether every component was recomputed, and why (or which rows an incremental build read). */
  readonly full: boolean;
  readonly reason: string;
  /** Identities whose components were recomputed (all of them in a full build). */
  readonly recomputed: number;
  /** What probabilistic matching did, when `match` was given. */
  readonly match?: MatchResult;
}

/** Parameters of one build; `runId` and `now` are recorded in `customer_ids` and `identity_merges`. */
export interface IdentityOptions {
  readonly config?: IdentityConfig;
  readonly runId?: string;
  readonly now?: Date;
  /** Recompute everything from all rows instead of adding what was loaded since the last build. */
  readonly full?: boolean;
  /** The channels whose tables are read (default: the registry, `sources/contracts/index.ts`). */
  readonly channels?: ChannelRegistry;
  /** Probabilistic matching of contacts (match-links.ts): without it no contact is matched and no record identity made. */
  readonly match?: MatchConfig;
  /** Estimate the matching parameters again even if the stored ones are recent. */
  readonly reestimate?: boolean;
}

/**
 * Builds `identity_raw_stats` (distinct raw identifier -> how many records carry it), `identity_values` (raw identifier
 * -> identity), `identity_links` (the records that link two or more identities), `identities` (identity ->
 * customer_id), `identity_merge_refusals`, the views `record_identifiers` and `customer_records` (record ->
 * customer_id, computed when read), and keeps the persistent `customer_ids`, `identity_merges` and
 * `identity_build_state` up to date. Nothing is stored per email event.
 * Incremental: only rows loaded since the last build are read for counts and links, only raw values not seen before
 * are normalised, and only the components those rows touch (with every customer they held) are recomputed; the
 * result equals a full build. A first build, `full`, a changed identity config or changed channel identifiers
 * recompute everything. The channel tables, their identifiers and record ids come from `options.channels`
 * (default: the registry), through the generated views (`channel-records.ts`).
 * @throws Error naming the model when the SQL fails; every stored table changes in one last, all-or-nothing
 *   transaction with the watermark, so a rerun after a crash starts from the previous build.
 * @example await buildIdentities(wh, { config: loaded.config.identity, runId, now: new Date() });
 */
export async function buildIdentities(wh: Warehouse, options: IdentityOptions = {}): Promise<IdentityCounts> {
  const config = options.config ?? defaultIdentityConfig;
  const registry = options.channels ?? channels;
  // A channel with no configured source (e.g. an orders-only shop) is an empty table, not a missing one.
  const recordNodes = options.match && registry.contacts ? ['contacts'] : [];
  await wh.run(`${channelTablesSql(registry)}\n${identityTablesSql}\n${recordIdentifiersSql(registry, recordNodes)}`);
  // Matching on or off changes which identities exist: a build that turns it on or off links everything again.
  let plan = await planIdentityBuild(wh, config, options.full ?? false, registry, recordNodes.length > 0 ? 'matched' : '');
  await readNewRows(wh, config, plan, registry, recordNodes);
  if (!plan.full && await statusChanged(wh)) {
    // A value's status changed (a new raw form of it is invalid): stored links may hold it, so link everything again.
    plan = { ...plan, full: true, statsKeep: false, since: '-infinity', reason: 'an identity changed status' };
    await readNewRows(wh, config, plan, registry, recordNodes);
  }
  const match = recordNodes.length === 0 ? undefined : await addMatchLinks(wh, options.match!, config, plan, {
    ...(options.reestimate ? { reestimate: true } : {}), ...(options.now ? { now: options.now } : {}),
  });
  await wh.run(plan.full ? fullScopeSql : deltaScopeSql(plan));
  if (!plan.full) while ((await wh.all(widenScopeSql)).length > 0);
  await wh.run(scopeSql);
  const runId = options.runId ?? null;
  const now = options.now ?? null;
  const components = await resolveComponents(wh, config.maxPerCustomer, runId);
  const ids = await wh.transaction(async () => {
    if (!plan.full) await wh.run(touchedBeforeSql);
    await wh.run(persistSql(plan));
    const ids = await assignCustomerIds(wh, { runId, now, append: !plan.full && plan.statsKeep });
    await wh.run(plan.full ? 'DELETE FROM customers_touched; INSERT INTO customers_touched VALUES (NULL);' : touchedAfterSql);
    await wh.run(identityStateSql(plan, runId, now));
    return ids;
  });
  await wh.run(customerRecordsSql(registry));
  const [{ recomputed } = { recomputed: 0 }] = await wh.all<{ recomputed: number }>('SELECT count(*)::DOUBLE AS recomputed FROM identity_scope');
  // identity_observations, record_customers, identity_link_sets: stored per-record tables of earlier versions.
  await wh.run(['identity_edges', 'identity_labels', 'identity_ids', 'identity_link_ids', 'identity_refused', 'identity_status_new',
    'identity_forms', 'identity_blocked', 'identity_link_rows_changed', 'identity_raw_next', 'identity_raw_delta', 'identity_raw_changed', 'identity_values_kept', 'identity_values_added', 'identity_links_new', 'identity_changed_records',
    'identity_refusals_new', 'identity_scope', 'identity_scope_all', 'identity_observations', 'record_customers', 'identity_link_sets']
    .map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n') + 'DROP VIEW IF EXISTS identity_links_next; DROP VIEW IF EXISTS identity_scope_links; DROP VIEW IF EXISTS identity_link_rows; DROP VIEW IF EXISTS identity_status; DROP VIEW IF EXISTS identity_values_next;');
  const [counts = { identities: 0, customers: 0 }] = await wh.all<{ identities: number; customers: number }>(
    'SELECT count(*) AS identities, count(DISTINCT customer_id) AS customers FROM identities',
  );
  return { ...counts, iterations: components.iterations, refusals: components.refusals, ...ids, full: plan.full, reason: plan.reason, recomputed, ...(match ? { match } : {}) };
}

/** Stages 1 and 2 (identities.sql, identity-links.sql) with the JS normalisation of raw values not seen before between them. */
async function readNewRows(wh: Warehouse, config: IdentityConfig, plan: IdentityPlan, registry: ChannelRegistry, recordNodes: readonly string[]): Promise<void> {
  // The rows of the records whose links are (re)computed: every linking row in a full build, else those of the records
  // with a row loaded since the last build, read table by table on _loaded_at (not through the view's whole union).
  // The changed records' rows are a table of their own: through a view the planner guessed millions of rows and hashed
  // all of identity_values to join a few thousand (3.7 s of a 1M incremental build).
  await wh.run(plan.full
    ? 'CREATE OR REPLACE TEMP VIEW identity_link_rows AS SELECT * FROM record_identifiers WHERE links'
    : `CREATE OR REPLACE TEMP TABLE identity_link_rows_changed AS
       ${changedRecordIdentifiersSql(registry, recordNodes, `${literal(plan.since)}::TIMESTAMP`, `${literal(plan.until)}::TIMESTAMP`)};
       CREATE OR REPLACE TEMP VIEW identity_link_rows AS SELECT * FROM identity_link_rows_changed`);
  await runSqlModel(wh, new URL('./identities.sql', import.meta.url), {
    since: plan.since, until: plan.until, stats_since: plan.statsKeep ? plan.since : '-infinity', stats_keep: plan.statsKeep, full_build: plan.full,
  });
  await normaliseForms(wh, config, plan.full);
  await runSqlModel(wh, new URL('./identity-links.sql', import.meta.url), { full_build: plan.full, append: !plan.full && plan.statsKeep });
}

/** Whether an identity already resolved now has another status (a refused one counts as linked). */
async function statusChanged(wh: Warehouse): Promise<boolean> {
  const [row] = await wh.all<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM identity_status_new s JOIN identities i USING (identity)
    WHERE s.status <> CASE i.status WHEN 'refused' THEN 'linked' ELSE i.status END`);
  return (row?.n ?? 0) > 0;
}

// The scope of a build: the identities whose components are recomputed (TEMP identity_scope_all, with identities no
// longer seen; identity_scope, without). A full build's is every identity.
const fullScopeSql = `
  CREATE OR REPLACE TEMP VIEW identity_links_next AS SELECT via, identity FROM identity_links_new;
  CREATE OR REPLACE TEMP TABLE identity_scope_all AS SELECT identity FROM identity_status;`;
// An incremental build starts from the identities of changed records (before and after), new and vanished ones (only
// when rows were replaced: added rows never take a raw value away). A new identity has a value not seen before.
const deltaScopeSql = (plan: IdentityPlan) => `
  CREATE OR REPLACE TEMP VIEW identity_links_next AS
  SELECT l.via, l.identity FROM identity_links l ANTI JOIN identity_changed_records c USING (via)
  UNION ALL SELECT via, identity FROM identity_links_new;
  CREATE OR REPLACE TEMP TABLE identity_scope_all AS
  SELECT l.identity FROM identity_links l SEMI JOIN identity_changed_records c USING (via)
  UNION SELECT identity FROM identity_links_new
  UNION SELECT identity FROM identity_status_new ANTI JOIN identities USING (identity)
  ${plan.statsKeep ? '' : 'UNION SELECT identity FROM identities ANTI JOIN identity_status USING (identity)'};`;
// ... and widens it until closed: every identity sharing a record with one in scope (refused ones too, which may link
// again), and every identity of a customer one in scope had, so ids, merges and splits are decided as in a full build.
const widenScopeSql = `
  INSERT INTO identity_scope_all
  SELECT DISTINCT identity FROM (
    SELECT l.identity FROM identity_links_next l
    WHERE l.via IN (SELECT x.via FROM identity_links_next x SEMI JOIN identity_scope_all s USING (identity))
    UNION ALL
    SELECT p.identity FROM customer_ids p
    WHERE p.customer_id IN (SELECT q.customer_id FROM customer_ids q SEMI JOIN identity_scope_all s USING (identity))
  ) n ANTI JOIN identity_scope_all s USING (identity)
  RETURNING identity`;
const scopeSql = `
  CREATE OR REPLACE TEMP TABLE identity_scope AS SELECT identity, kind FROM identity_status SEMI JOIN identity_scope_all USING (identity);
  CREATE OR REPLACE TEMP VIEW identity_scope_links AS SELECT via, identity FROM identity_links_next SEMI JOIN identity_scope USING (identity);`;

// The customers whose customer_360 row must be redone (kept in customers_touched until customer_360 has run, so a
// build that is not followed by one loses nothing; a NULL row means every customer): those of the identities in scope
// and of the raw values whose counts changed, before and after their ids were assigned.
const touchedBeforeSql = `
  CREATE OR REPLACE TEMP TABLE identity_touched AS
  SELECT identity FROM identity_scope_all
  UNION SELECT v.identity FROM identity_raw_changed c JOIN identity_values_next v ON v.kind = c.kind AND v.raw = c.raw
  UNION SELECT v.identity FROM identity_raw_changed c JOIN identity_values v ON v.kind = c.kind AND v.raw = c.raw;  -- gone since
  INSERT INTO customers_touched SELECT DISTINCT customer_id FROM identities SEMI JOIN identity_touched USING (identity);`;
const touchedAfterSql = `
  INSERT INTO customers_touched SELECT DISTINCT customer_id FROM identities SEMI JOIN identity_touched USING (identity);
  DROP TABLE identity_touched;`;

/**
 * The stored tables' new contents (before ids are assigned); one transaction with the ids and the watermark. When
 * only rows were added, only the raw values they carry change and no raw value is gone, so those rows are replaced
 * and new values added instead of rewriting the tables.
 */
const persistSql = (plan: IdentityPlan) => `
  ${plan.full || !plan.statsKeep
    ? `CREATE OR REPLACE TABLE identity_raw_stats AS SELECT * FROM identity_raw_next;
       CREATE OR REPLACE TABLE identity_values AS SELECT * FROM identity_values_next;`
    : `DELETE FROM identity_raw_stats s WHERE EXISTS (SELECT 1 FROM identity_raw_delta d WHERE d.kind = s.kind AND d.raw = s.raw);
       INSERT INTO identity_raw_stats SELECT r.* FROM identity_raw_next r SEMI JOIN identity_raw_delta d ON d.kind = r.kind AND d.raw = r.raw;
       INSERT INTO identity_values SELECT n.* FROM identity_values_next n
       SEMI JOIN identity_raw_delta d ON d.kind = n.kind AND d.raw = n.raw
       ANTI JOIN identity_values v ON v.kind = n.kind AND v.raw = n.raw;`}
  ${plan.full
    ? 'CREATE OR REPLACE TABLE identity_links AS SELECT * FROM identity_links_new; DELETE FROM identity_merge_refusals;'
    : `DELETE FROM identity_links WHERE via IN (SELECT via FROM identity_changed_records);
       INSERT INTO identity_links SELECT via, identity FROM identity_links_new;
       DELETE FROM identity_merge_refusals WHERE refused_identity IN (SELECT identity FROM identity_scope_all);`}
  INSERT INTO identity_merge_refusals SELECT * FROM identity_refusals_new;`;

/**
 * Fills TEMP `identity_forms` (each raw email and phone not normalised before, or all of them when `all`) and TEMP
 * `identity_blocked`. ASCII emails are normalised in SQL (emailFormsSql); phones (libphonenumber) and other emails in JS,
 * read and appended in chunks so Node never holds millions of them at once (at 1M customers one read of every value
 * was part of the run's memory peak).
 */
async function normaliseForms(wh: Warehouse, config: IdentityConfig, all: boolean): Promise<void> {
  const normalise = (kind: string, raw: string) =>
    kind === 'email' ? normaliseEmail(raw, config.emailProviders) : normalisePhone(raw, config);
  await wh.run(`CREATE OR REPLACE TEMP TABLE identity_forms_todo AS
    SELECT kind, raw FROM identity_raw_next r WHERE kind IN ('email', 'phone')
    ${all ? '' : 'AND NOT EXISTS (SELECT 1 FROM identity_values v WHERE v.kind = r.kind AND v.raw = r.raw)'};
    INSERT INTO identity_forms ${emailFormsSql('SELECT * FROM identity_forms_todo', config.emailProviders)};
    CREATE OR REPLACE TEMP TABLE identity_forms_js AS
    SELECT kind, raw, row_number() OVER () AS n FROM identity_forms_todo WHERE kind = 'phone' OR NOT ${sqlDecidableEmail('raw')};
    DROP TABLE identity_forms_todo;`);
  const [{ count } = { count: 0 }] = await wh.all<{ count: number }>('SELECT count(*)::DOUBLE AS count FROM identity_forms_js');
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    const raws = await wh.all<{ kind: string; raw: string }>('SELECT kind, raw FROM identity_forms_js WHERE n > $1 AND n <= $2', [from, from + chunk]);
    await wh.appendRows('identity_forms', raws.map(({ kind, raw }) => {
      const n = normalise(kind, raw);
      return [kind, raw, n.value, n.valid];
    }), { temp: true });
  }
  await wh.run('DROP TABLE identity_forms_js; CREATE OR REPLACE TEMP TABLE identity_blocked (identity VARCHAR)');
  // Blocked values are written as a person would type them, so they go through the same normalisation.
  const blocked = Object.entries(config.blocked).flatMap(([kind, values]) => values.map((raw) => {
    const value = kind === 'email' || kind === 'phone' ? normalise(kind, raw).value : kind === 'handle' ? raw.trim().replace(/:\s*@*/, ':').toLowerCase() : raw.trim();
    return [`${kind}:${value}`];
  }));
  await wh.appendRows('identity_blocked', blocked, { temp: true });
}
