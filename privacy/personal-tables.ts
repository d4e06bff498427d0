// Which warehouse tables hold personal data and how the forget finds a person's rows in them: by column, not by a hand list.
import type { ChannelRegistry } from '../sources/contracts/index.js';
import { ident, type Warehouse } from '../warehouse/warehouse.js';

/**
 * Columns that name a person, by what they hold: a table with one of them is personal, whoever adds it. A forget
 * deletes its rows whose value is the person's (customer ids: `privacy_ids`; identities `kind:value`: `privacy_identities`;
 * raw forms with their `kind` column: `privacy_raws`; record ids: `privacy_records`).
 */
export const personalColumns = Object.freeze({
  customer: ['customer_id', 'surviving_id', 'absorbed_id'],
  identity: ['identity', 'linking_identity', 'linked_identity', 'refused_identity'],
  raw: ['raw'],
  /** A record id of a channel (`privacy_records`), bare or as `channel:record_id` (match candidates compare two records). */
  record: ['record_id', 'record_a', 'record_b'],
});

/**
 * Tables that hold no identifier: aggregates over many customers, state, and run bookkeeping (whose free text is
 * still searched and redacted). A table that is neither a channel table, nor has a personal column, nor is listed
 * here fails `tests/privacy/personal-tables.test.ts`: whoever adds it must say which it is.
 */
export const withoutIdentifiers: readonly string[] = Object.freeze([
  'churn_metrics', 'clv_calibration', 'clv_models', 'cohort_retention', 'cohort_value', 'customer_360_state', 'customer_360_builds',
  'customer_model_state',
  'data_test_results', 'identity_build_state', 'pipeline_runs', 'pipeline_step_attempts', 'pipeline_steps',
  'pipeline_warnings', 'schema_migrations', 'segment_exports', 'segment_transitions', 'source_files', 'source_schemas',
  'source_state', 'privacy_salt', 'privacy_tombstones', 'privacy_audit',
  'match_parameters', 'match_estimate', 'match_rules', 'support_responsiveness', 'satisfaction_scores', 'satisfaction_churn',
  'product_similarity', 'product_popularity',
]);

/** Tables whose rows carry a person's raw text without a column saying whose: searched record by record (`quarantine`). */
export const rawTextTables: readonly string[] = Object.freeze(['quarantine']);

/** A base table of the warehouse with the personal columns it has. */
export interface TableColumns {
  readonly table: string;
  readonly personal: readonly string[];
  /** Its text columns (VARCHAR, JSON), searched for the person's identifiers after the keyed deletes. */
  readonly text: readonly string[];
}

/** Every base table of the warehouse's main schema with its personal and text columns. */
export async function warehouseTables(wh: Warehouse): Promise<TableColumns[]> {
  const rows = await wh.all<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
     WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main' AND c.table_catalog = current_database()
     ORDER BY c.table_name, c.ordinal_position`);
  const all = Object.values(personalColumns).flat();
  const byTable = new Map<string, { personal: string[]; text: string[] }>();
  for (const r of rows) {
    const t = byTable.get(r.table_name) ?? { personal: [], text: [] };
    if (all.includes(r.column_name)) t.personal.push(r.column_name);
    if (r.data_type === 'VARCHAR' || r.data_type === 'JSON') t.text.push(r.column_name);
    byTable.set(r.table_name, t);
  }
  return [...byTable].map(([table, t]) => ({ table, ...t }));
}

/** Tables that are none of: a channel table, a table with a personal column, raw text, or listed as without identifiers. */
export function unclassifiedTables(tables: readonly TableColumns[], registry: ChannelRegistry): string[] {
  const channelTables = new Set(Object.values(registry).map((c) => c.table));
  return tables.filter((t) => !channelTables.has(t.table) && t.personal.length === 0 && !rawTextTables.includes(t.table) && !withoutIdentifiers.includes(t.table))
    .map((t) => t.table);
}

/**
 * SQL conditions matching a person's rows in a table by its personal columns (a `raw` column only beside a `kind`
 * column: the same text could be another kind's value). Reads the temp tables `resolvePerson` fills.
 */
export function personConditions(t: TableColumns): string[] {
  return t.personal.flatMap((col) => {
    const c = ident(col);
    if (personalColumns.customer.includes(col)) return [`${c} IN (SELECT customer_id FROM privacy_ids)`];
    if (personalColumns.identity.includes(col)) return [`${c} IN (SELECT identity FROM privacy_identities)`];
    if (personalColumns.record.includes(col)) return [`${c} IN (SELECT record_id FROM privacy_records UNION ALL SELECT channel || ':' || record_id FROM privacy_records)`];
    if (col === 'raw' && t.text.includes('kind')) return ['(kind, raw) IN (SELECT kind, raw FROM privacy_raws)'];
    return [];
  });
}
