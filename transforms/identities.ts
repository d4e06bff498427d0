// Resolves every identifier seen in the channel tables into customers (connected components inside DuckDB).
import { channels } from '../sources/contracts/index.js';
import { createTableSql } from '../sources/contracts/contract-sql.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/** What resolution produced. */
export interface IdentityCounts {
  readonly identities: number;
  readonly customers: number;
  readonly iterations: number;
}

/**
 * Builds `identity_observations` and `identities` (identity -> customer_id). Components are found by min-label
 * propagation over the shared-record edges; it converges in as many rounds as the longest chain of links.
 * A customer's id is derived from the smallest identity in its component.
 * @throws Error naming the model when the SQL fails; the previous tables are kept.
 */
export async function buildIdentities(wh: Warehouse): Promise<IdentityCounts> {
  // A channel with no configured source (e.g. an orders-only shop) is an empty table, not a missing one.
  for (const channel of Object.values(channels)) await wh.run(createTableSql(channel));
  await runSqlModel(wh, new URL('./identities.sql', import.meta.url));
  let iterations = 0;
  for (;;) {
    iterations += 1;
    const [{ changed } = { changed: 0 }] = await wh.all<{ changed: number }>(`
      CREATE OR REPLACE TEMP TABLE identity_labels_next AS
      SELECT l.identity, least(l.label, coalesce(min(n.label), l.label)) AS label
      FROM identity_labels l
      LEFT JOIN identity_edges e ON e.a = l.identity
      LEFT JOIN identity_labels n ON n.identity = e.b
      GROUP BY l.identity, l.label;
      SELECT count(*) AS changed FROM identity_labels_next x JOIN identity_labels l USING (identity) WHERE x.label <> l.label`);
    await wh.run('DROP TABLE identity_labels; ALTER TABLE identity_labels_next RENAME TO identity_labels');
    if (changed === 0) break;
  }
  await wh.transaction(() =>
    wh.run(`
      CREATE OR REPLACE TABLE identities AS
      SELECT o.identity, any_value(o.kind) AS kind, any_value(o.value) AS value,
             'cus_' || substr(md5(l.label), 1, 12) AS customer_id,
             min(o.first_seen) AS first_seen, max(o.last_seen) AS last_seen, sum(o.seen)::BIGINT AS records
      FROM identity_observations o JOIN identity_labels l USING (identity)
      GROUP BY o.identity, l.label;
      DROP TABLE identity_edges; DROP TABLE identity_labels;`),
  );
  const [counts = { identities: 0, customers: 0 }] = await wh.all<{ identities: number; customers: number }>(
    'SELECT count(*) AS identities, count(DISTINCT customer_id) AS customers FROM identities',
  );
  return { ...counts, iterations };
}
