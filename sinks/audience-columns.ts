// The columns a segment can filter on and export: whatever customer_360, rfm_segments, clv_predictions and the
// personalisation tables (customer_preferences; product_recommendations as rec_1..rec_N) hold right now.
import { sql, type RawBuilder } from 'kysely';
import { clvPredictions, customer360, customerPreferences, productRecommendations, rfmSegments, type ColumnOf } from '../transforms/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** How a column's values compare; decides which filter operators and values fit it. */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'date' | 'timestamp' | 'list' | 'other';

export interface AudienceColumn {
  readonly name: string;
  /** The table it comes from and its alias in the audience query (`c.primary_email`). */
  readonly table: string;
  readonly ref: string;
  /** DuckDB type as information_schema spells it, e.g. `DECIMAL(18,2)`, `VARCHAR[]`. */
  readonly type: string;
  readonly kind: ColumnKind;
}

/** The allow-list of one moment: the columns, and the tables that were (or were not) there. */
export interface AudienceColumns {
  readonly byName: ReadonlyMap<string, AudienceColumn>;
  readonly list: readonly AudienceColumn[];
  readonly tables: readonly string[];
  readonly missingTables: readonly string[];
  /** The FROM clause joining the present tables on customer_id. */
  readonly from: RawBuilder<unknown>;
  /** Why `name` is not a column, listing what is available. */
  describe(name: string): string;
}

/**
 * The tables audiences are built from, in precedence order: a column name found in two tables (such as `as_of`)
 * refers to the first. customer_360 is required; the others join when present, so CLV columns become usable as soon
 * as the clv_predictions table exists, without a code change.
 */
export const audienceTables = Object.freeze([
  { table: customer360.table, alias: 'c' },
  { table: rfmSegments.table, alias: 'r' },
  { table: clvPredictions.table, alias: 'v' },
  { table: customerPreferences.table, alias: 'p' },   // after customer_360: its preferred_channel, orders and as_of win
] as const);

/** `product_recommendations` joins as one row per customer: `rec_1` is the rank-1 SKU, up to the largest rank built. */
const recsAlias = 'rk';

/**
 * A column the audience tables declare (transforms/contracts/): lists of columns the sinks name (default export
 * columns, raw identifiers) are checked against it. The columns usable at run time are read from the catalogue.
 */
export type AudienceColumnName = ColumnOf<typeof customer360> | ColumnOf<typeof rfmSegments> | ColumnOf<typeof clvPredictions>
  | ColumnOf<typeof customerPreferences>;

/**
 * Reads the columns of the audience tables from the warehouse's catalogue.
 * @throws Error naming the warehouse when customer_360 does not exist yet (run the pipeline first).
 */
export async function audienceColumns(wh: Warehouse): Promise<AudienceColumns> {
  const rows = await wh.all<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'main' AND table_name IN (${audienceTables.map((_, i) => `$${i + 1}`).join(', ')})
     ORDER BY ordinal_position`,
    audienceTables.map((t) => t.table),
  );
  const present = audienceTables.filter((t) => rows.some((r) => r.table_name === t.table));
  if (!present.some((t) => t.table === 'customer_360')) {
    throw new Error(`warehouse ${wh.path}: table customer_360 does not exist yet; run a pipeline (rapport run daily) first`);
  }
  const byName = new Map<string, AudienceColumn>();
  for (const { table, alias } of present) {
    for (const r of rows.filter((x) => x.table_name === table)) {
      if (byName.has(r.column_name)) continue; // precedence: the earlier table's column wins
      byName.set(r.column_name, { name: r.column_name, table, ref: `${alias}.${r.column_name}`, type: r.data_type, kind: kindOf(r.data_type) });
    }
  }
  const missingTables = audienceTables.filter((t) => !present.includes(t)).map((t) => t.table);
  const [first, ...rest] = present;
  const joins = rest.map((t) => sql`LEFT JOIN ${sql.table(t.table)} AS ${sql.id(t.alias)} ON ${sql.ref(`${t.alias}.customer_id`)} = ${sql.ref('c.customer_id')}`);
  const ranks = await recommendationRanks(wh);
  if (ranks > 0) {
    const pivot = Array.from({ length: ranks }, (_, i) => sql`, max(sku) FILTER (WHERE rank = ${sql.lit(i + 1)}) AS ${sql.id(`rec_${i + 1}`)}`);
    joins.push(sql`LEFT JOIN (SELECT customer_id${sql.join(pivot, sql``)} FROM ${sql.table(productRecommendations.table)} GROUP BY customer_id) AS ${sql.id(recsAlias)}
      ON ${sql.ref(`${recsAlias}.customer_id`)} = ${sql.ref('c.customer_id')}`);
    for (let i = 1; i <= ranks; i++) {
      const name = `rec_${i}`;
      if (!byName.has(name)) byName.set(name, { name, table: productRecommendations.table, ref: `${recsAlias}.${name}`, type: 'VARCHAR', kind: 'text' });
    }
  }
  const from = sql`${sql.table(`${first!.table}`)} AS ${sql.id(first!.alias)} ${sql.join(joins, sql` `)}`;
  const list = [...byName.values()];
  return Object.freeze({
    byName,
    list,
    tables: present.map((t) => t.table),
    missingTables,
    from,
    describe(name: string) {
      const missing = missingTables.length > 0 ? ` (not in the warehouse yet: ${missingTables.join(', ')})` : '';
      return `expected a column of ${present.map((t) => t.table).join(', ')}${missing}; available: ${list.map((c) => c.name).join(', ')}`;
    },
  });
}

/** The largest rank in product_recommendations (0 when the table is missing or empty). */
async function recommendationRanks(wh: Warehouse): Promise<number> {
  const exists = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $1 AND schema_name = 'main' AND NOT temporary`, [productRecommendations.table]);
  if (exists.length === 0) return 0;
  const [r] = await wh.all<{ n: number | null }>(`SELECT max(rank) AS n FROM ${productRecommendations.table}`);
  return Number(r?.n ?? 0);
}

function kindOf(type: string): ColumnKind {
  if (type.endsWith('[]')) return 'list';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'VARCHAR') return 'text';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(type)) return 'number';
  return 'other';
}
