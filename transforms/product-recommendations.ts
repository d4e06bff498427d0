// Builds `product_recommendations`: each customer's next-best products by item-to-item co-purchase similarity.
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/** How recommendations are made; every field has a default (`recommendationDefaults`). */
export interface RecommendationSettings {
  /** Products per customer (default 5). */
  readonly count: number;
  /** A product the customer bought in this many days before as-of is not recommended to them (default 90). */
  readonly excludeDays: number;
  /** Only each customer's most recent `basketCap` products are paired (bounds the work; default 50). */
  readonly basketCap: number;
  /** Nearest products kept per product (default 100). */
  readonly neighbours: number;
  /** A pair bought together by fewer customers than this is ignored (default 2). */
  readonly minTogether: number;
  /** SKUs never recommended (e.g. postage, fees), besides inactive products. */
  readonly excludeSkus: readonly string[];
  /** Weight of a customer's own earlier orders of a product (staples bought before the exclusion window); 0 turns repeats off (default 3). */
  readonly repeatWeight: number;
  /** Days after which a staple's repeat score halves (default 180). */
  readonly repeatHalfLifeDays: number;
}

export const recommendationDefaults: RecommendationSettings = Object.freeze({
  count: 5, excludeDays: 90, basketCap: 50, neighbours: 100, minTogether: 2, excludeSkus: Object.freeze([]), repeatWeight: 3, repeatHalfLifeDays: 180,
});

/** What the recommender reads, as SQL queries over the warehouse. */
export interface RecommendationInputs {
  /** Counted purchases before as-of: columns customer_id, sku, order_id, ordered_at. */
  readonly lines: string;
  /** The customers who get recommendations: column customer_id. */
  readonly customers: string;
}

/**
 * Computes recommendations as of `asOf` from `inputs` into the TEMP table `rec_out` (customer_id, rank, sku, score,
 * reason), plus `rec_popular` and `rec_recent` (what the popularity baseline needs). Reads the `products` table
 * when there is one: inactive products are never recommended, and reasons name products by name.
 * @throws Error when a setting is not a positive integer (excludeDays may be 0), or repeatWeight is negative or
 * repeatHalfLifeDays not positive.
 */
export async function recommendInto(
  wh: Warehouse, asOf: string, inputs: RecommendationInputs, settings: Partial<RecommendationSettings> = {}, customersPerBatch = 100_000,
): Promise<void> {
  const s = { ...recommendationDefaults, ...settings };
  for (const key of ['count', 'basketCap', 'neighbours', 'minTogether', 'excludeDays'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < (key === 'excludeDays' ? 0 : 1))
      throw new Error(`product recommendations: ${key} is ${s[key]}, expected a whole number of at least ${key === 'excludeDays' ? 0 : 1}`);
  }
  if (!(s.repeatWeight >= 0)) throw new Error(`product recommendations: repeatWeight is ${s.repeatWeight}, expected a number of at least 0`);
  if (!(s.repeatHalfLifeDays > 0)) throw new Error(`product recommendations: repeatHalfLifeDays is ${s.repeatHalfLifeDays}, expected a positive number of days`);
  const products = await hasTable(wh, 'products');
  const excluded = s.excludeSkus.map((sku) => `SELECT ${literal(sku)} AS sku`);
  if (products) excluded.push('SELECT sku FROM products WHERE NOT active');
  await wh.run(`
    CREATE OR REPLACE TEMP VIEW rec_lines AS ${inputs.lines};
    CREATE OR REPLACE TEMP VIEW rec_customers AS ${inputs.customers};
    CREATE OR REPLACE TEMP VIEW rec_inactive AS ${excluded.length > 0 ? excluded.join(' UNION ') : 'SELECT NULL::VARCHAR AS sku WHERE false'};
    CREATE OR REPLACE TEMP VIEW rec_names AS ${products ? 'SELECT sku, name FROM products WHERE name IS NOT NULL' : 'SELECT NULL::VARCHAR AS sku, NULL::VARCHAR AS name WHERE false'};`);
  const variables = {
    as_of: asOf, top_n: s.count, basket_cap: s.basketCap, neighbours: s.neighbours, min_together: s.minTogether, exclude_days: s.excludeDays,
    repeat_weight: s.repeatWeight, repeat_half_life: s.repeatHalfLifeDays,
  };
  await runSqlModel(wh, new URL('./product-recommendations.sql', import.meta.url), variables);
  // Customers are scored in batches of `customersPerBatch` (by a hash of their id) so the evidence held at once stays
  // bounded: at 1M customers one pass ran out of memory under the warehouse's 2.5 GB limit.
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM rec_customers');
  const batches = Math.max(1, Math.ceil(n / customersPerBatch));
  for (let b = 0; b < batches; b++) {
    await wh.run(`CREATE OR REPLACE TEMP TABLE rec_batch AS SELECT customer_id FROM rec_customers${batches > 1 ? ` WHERE hash(customer_id) % ${batches} = ${b}` : ''}`);
    await runSqlModel(wh, new URL('./product-recommendations-batch.sql', import.meta.url), variables,
      b === 0 ? 'CREATE OR REPLACE TEMP TABLE rec_out AS FROM rec_batch_out;' : 'INSERT INTO rec_out FROM rec_batch_out;');
  }
  await wh.run('DROP TABLE rec_batch; DROP TABLE rec_batch_out; DROP TABLE rec_scored;');
}

/**
 * Counted purchases in the warehouse (before `asOf` when given): completed order lines with a SKU and a positive
 * quantity, of orders that belong to a customer (refunds, cancellations and returns are not purchases).
 */
export function warehousePurchases(asOf?: string): string {
  return `SELECT v.customer_id, trim(l.sku) AS sku, l.order_id, l.ordered_at
          FROM order_lines l JOIN order_values v ON v.order_id = l.order_id
          WHERE v.customer_id IS NOT NULL AND l.status = 'completed' AND l.quantity > 0
            AND nullif(trim(l.sku), '') IS NOT NULL${asOf === undefined ? '' : ` AND l.ordered_at < ${literal(asOf)}::DATE`}`;
}

/**
 * Rebuilds `product_recommendations` as of `asOf` for every customer in `customer_360` (a customer with no counted
 * purchase gets the most popular products). Needs `order_values` and `customer_360` (the customer_360 step).
 * @example await buildProductRecommendations(wh, { asOf: '2011-12-10', count: 10 }) // -> { customers: 4338, rows: 43380, similar: 41002 }
 */
export async function buildProductRecommendations(
  wh: Warehouse,
  params: { asOf: string } & Partial<RecommendationSettings>,
): Promise<{ customers: number; rows: number; similar: number }> {
  const { asOf, ...settings } = params;
  await recommendInto(wh, asOf, { lines: warehousePurchases(asOf), customers: 'SELECT customer_id FROM customer_360' }, settings);
  await wh.run('CREATE OR REPLACE TABLE product_recommendations AS SELECT * FROM rec_out ORDER BY customer_id, rank');
  const [r = { customers: 0, rows: 0, similar: 0 }] = await wh.all<{ customers: number; rows: number; similar: number }>(
    `SELECT count(DISTINCT customer_id) AS customers, count(*) AS rows, count(*) FILTER (WHERE reason LIKE 'bought with %') AS similar
     FROM product_recommendations`);
  return r;
}

async function hasTable(wh: Warehouse, name: string): Promise<boolean> {
  const rows = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [name]);
  return rows.length > 0;
}
