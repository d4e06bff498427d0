// Resolves every identifier seen in the channel tables into customers (connected components inside DuckDB).
import { channels } from '../sources/contracts/index.js';
import { createTableSql } from '../sources/contracts/contract-sql.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { assignCustomerIds } from './customer-ids.js';
import { defaultIdentityConfig, type IdentityConfig } from './identity-config.js';
import { resolveComponents } from './identity-components.js';
import { normaliseEmail, normalisePhone } from './normalise-identifiers.js';
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
}

/** Parameters of one build; `runId` and `now` are recorded in `customer_ids` and `identity_merges`. */
export interface IdentityOptions {
  readonly config?: IdentityConfig;
  readonly runId?: string;
  readonly now?: Date;
}

/**
 * Builds `identity_raw_stats` (distinct raw identifier -> how many records carry it), `identity_values` (raw identifier
 * -> identity), `identity_link_sets` (the sets of identities records link), `identities` (identity -> customer_id),
 * `identity_merge_refusals`, the views `record_identifiers` and `customer_records` (record -> customer_id, computed when
 * read), and keeps the persistent `customer_ids` and `identity_merges` up to date. Nothing is stored per record. Emails
 * and phones are normalised in JS once per distinct raw value; everything else runs in DuckDB.
 * @throws Error naming the model when the SQL fails; `customer_ids` and `identity_merges` only change in the last,
 *   all-or-nothing transaction, so a rerun starts from the previous ids.
 * @example await buildIdentities(wh, { config: loaded.config.identity, runId, now: new Date() });
 */
export async function buildIdentities(wh: Warehouse, options: IdentityOptions = {}): Promise<IdentityCounts> {
  const config = options.config ?? defaultIdentityConfig;
  // A channel with no configured source (e.g. an orders-only shop) is an empty table, not a missing one.
  for (const channel of Object.values(channels)) await wh.run(createTableSql(channel));
  await runSqlModel(wh, new URL('./identities.sql', import.meta.url));
  await normaliseForms(wh, config);
  await runSqlModel(wh, new URL('./identity-links.sql', import.meta.url));
  const runId = options.runId ?? null;
  const components = await resolveComponents(wh, config.maxPerCustomer, runId);
  const ids = await wh.transaction(() => assignCustomerIds(wh, { runId, now: options.now ?? null }));
  // identity_observations and record_customers: the per-record tables of earlier versions, dropped with the temp tables.
  await runSqlModel(wh, new URL('./customer-records.sql', import.meta.url));
  await wh.run(['identity_edges', 'identity_labels', 'identity_ids', 'identity_links', 'identity_refused', 'identity_status',
    'identity_forms', 'identity_blocked', 'identity_observations', 'record_customers'].map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
  const [counts = { identities: 0, customers: 0 }] = await wh.all<{ identities: number; customers: number }>(
    'SELECT count(*) AS identities, count(DISTINCT customer_id) AS customers FROM identities',
  );
  return { ...counts, iterations: components.iterations, refusals: components.refusals, ...ids };
}

/** Fills TEMP `identity_forms` (each distinct raw email and phone, normalised) and TEMP `identity_blocked`. */
async function normaliseForms(wh: Warehouse, config: IdentityConfig): Promise<void> {
  const normalise = (kind: string, raw: string) =>
    kind === 'email' ? normaliseEmail(raw, config.emailProviders) : normalisePhone(raw, config);
  const raws = await wh.all<{ kind: string; raw: string }>(`SELECT kind, raw FROM identity_raw_stats WHERE kind IN ('email', 'phone')`);
  const forms = await wh.connection.createAppender('identity_forms', 'main', 'temp');
  try {
    for (const { kind, raw } of raws) {
      const n = normalise(kind, raw);
      forms.appendVarchar(kind);
      forms.appendVarchar(raw);
      forms.appendVarchar(n.value);
      forms.appendBoolean(n.valid);
      forms.endRow();
    }
    forms.flushSync();
  } finally {
    forms.closeSync();
  }
  await wh.run('CREATE OR REPLACE TEMP TABLE identity_blocked (identity VARCHAR)');
  const blocked = await wh.connection.createAppender('identity_blocked', 'main', 'temp');
  try {
    for (const [kind, values] of Object.entries(config.blocked)) {
      for (const raw of values) {
        // Blocked values are written as a person would type them, so they go through the same normalisation.
        const value = kind === 'email' || kind === 'phone' ? normalise(kind, raw).value : kind === 'handle' ? raw.trim().replace(/:\s*@*/, ':').toLowerCase() : raw.trim();
        blocked.appendVarchar(`${kind}:${value}`);
        blocked.endRow();
      }
    }
    blocked.flushSync();
  } finally {
    blocked.closeSync();
  }
}
