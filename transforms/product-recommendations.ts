// Builds `product_recommendations`: each customer's next-best products by item-to-item co-purchase similarity.
import { readFile } from 'node:fs/promises';
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';
import { definitionHash, planCustomerModel, saveCustomerModelSql, type CustomerModelPlan } from './customer-changes.js';
import { recommendationDefaults as defaults, type ModelRefresh } from './personalisation-config.js';
import { runSqlModel, type ModelVariables } from './sql-model.js';

const customerSql = new URL('./product-recommendations.sql', import.meta.url);
const modelSql = new URL('./product-recommendations-model.sql', import.meta.url);
const batchSql = new URL('./product-recommendations-batch.sql', import.meta.url);

/** How recommendations are made; every field has a default (`recommendationDefaults`). */
export interface RecommendationSettings {
  /** Products per customer (default 5). */
  readonly count: number;
  /** A product the customer bought in this many days before the model date (or since) is not recommended to them (default 90). */
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
  /** How often the co-purchase model is rebuilt (`modelDateOf`); 'day' rebuilds it every run (default 'week'). */
  readonly modelRefresh: ModelRefresh;
}

export const recommendationDefaults: RecommendationSettings = defaults; // defined beside the config contract that uses them

/** What the recommender reads, as SQL queries over the warehouse. */
export interface RecommendationInputs {
  /** Counted purchases before as-of: columns customer_id, sku, order_id, ordered_at. */
  readonly lines: string;
  /** The customers who get recommendations: column customer_id. */
  readonly customers: string;
}

/**
 * The model date of a run as of `asOf`: the model (similarities, popularity) is built from the purchases before it,
 * and every time term of a customer's score counts from it. `asOf` itself for 'day', the Monday of its ISO week for
 * 'week', the first of its month for 'month'.
 * @example modelDateOf('2026-11-01', 'week') // -> '2026-10-26' (2026-11-01 is a Sunday)
 */
export function modelDateOf(asOf: string, refresh: ModelRefresh): string {
  const d = new Date(`${asOf}T00:00:00Z`);
  if (refresh === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (refresh === 'month') d.setUTCDate(1);
  return d.toISOString().slice(0, 10);
}

/** `settings` over the defaults, checked. */
function settled(settings: Partial<RecommendationSettings>): RecommendationSettings {
  const s = { ...recommendationDefaults, ...settings };
  for (const key of ['count', 'basketCap', 'neighbours', 'minTogether', 'excludeDays'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < (key === 'excludeDays' ? 0 : 1))
      throw new Error(`product recommendations: ${key} is ${s[key]}, expected a whole number of at least ${key === 'excludeDays' ? 0 : 1}`);
  }
  if (!(s.repeatWeight >= 0)) throw new Error(`product recommendations: repeatWeight is ${s.repeatWeight}, expected a number of at least 0`);
  if (!(s.repeatHalfLifeDays > 0)) throw new Error(`product recommendations: repeatHalfLifeDays is ${s.repeatHalfLifeDays}, expected a positive number of days`);
  if (!['day', 'week', 'month'].includes(s.modelRefresh)) throw new Error(`product recommendations: modelRefresh is ${s.modelRefresh}, expected day, week or month`);
  return s;
}

/** The TEMP views rec_inactive (never recommended) and rec_names (how reasons name products), from `products` when there is one. */
async function viewCatalogue(wh: Warehouse, s: RecommendationSettings, products: boolean): Promise<void> {
  const excluded = s.excludeSkus.map((sku) => `SELECT ${literal(sku)} AS sku`);
  if (products) excluded.push('SELECT sku FROM products WHERE NOT active');
  await wh.run(`
    CREATE OR REPLACE TEMP VIEW rec_inactive AS ${excluded.length > 0 ? excluded.join(' UNION ') : 'SELECT NULL::VARCHAR AS sku WHERE false'};
    CREATE OR REPLACE TEMP VIEW rec_names AS ${products ? 'SELECT sku, name FROM products WHERE name IS NOT NULL' : 'SELECT NULL::VARCHAR AS sku, NULL::VARCHAR AS name WHERE false'};`);
}

/** The TEMP views rec_lines and rec_customers (see `RecommendationInputs`). */
async function viewInputs(wh: Warehouse, inputs: RecommendationInputs): Promise<void> {
  await wh.run(`
    CREATE OR REPLACE TEMP VIEW rec_lines AS ${inputs.lines};
    CREATE OR REPLACE TEMP VIEW rec_customers AS ${inputs.customers};`);
}

function variablesOf(asOf: string, modelDate: string, s: RecommendationSettings): ModelVariables {
  return {
    as_of: asOf, model_date: modelDate, top_n: s.count, basket_cap: s.basketCap, neighbours: s.neighbours, min_together: s.minTogether,
    exclude_days: s.excludeDays, repeat_weight: s.repeatWeight, repeat_half_life: s.repeatHalfLifeDays,
  };
}

/** Scores the customers of rec_customers with the model in rec_neighbours and rec_popular into the TEMP table rec_out. */
async function scoreInto(wh: Warehouse, variables: ModelVariables, customersPerBatch: number): Promise<number> {
  // Customers are scored in batches of `customersPerBatch` (by a hash of their id) so the evidence held at once stays
  // bounded: at 1M customers one pass ran out of memory under a 2.5 GB limit.
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM rec_customers');
  const batches = Math.max(1, Math.ceil(n / customersPerBatch));
  for (let b = 0; b < batches; b++) {
    await wh.run(`CREATE OR REPLACE TEMP TABLE rec_batch AS SELECT customer_id FROM rec_customers${batches > 1 ? ` WHERE hash(customer_id) % ${batches} = ${b}` : ''}`);
    await runSqlModel(wh, batchSql, variables,
      b === 0 ? 'CREATE OR REPLACE TEMP TABLE rec_out AS FROM rec_batch_out;' : 'INSERT INTO rec_out FROM rec_batch_out;');
  }
  await wh.run('DROP TABLE rec_batch; DROP TABLE rec_batch_out; DROP TABLE rec_scored;');
  return n;
}

/**
 * Computes recommendations as of `asOf` from `inputs` into the TEMP table `rec_out` (customer_id, rank, sku, score,
 * reason), building the model from the purchases before the model date (`modelDateOf` with `settings.modelRefresh`):
 * `rec_neighbours`, and `rec_popular` and `rec_recent` (what the popularity baseline needs). Reads the `products` table
 * when there is one: inactive products are never recommended, and reasons name products by name.
 * @throws Error when a setting is not a positive integer (excludeDays may be 0), or repeatWeight is negative or
 * repeatHalfLifeDays not positive.
 */
export async function recommendInto(
  wh: Warehouse, asOf: string, inputs: RecommendationInputs, settings: Partial<RecommendationSettings> = {}, customersPerBatch = 100_000,
): Promise<void> {
  const s = settled(settings);
  await viewCatalogue(wh, s, await hasTable(wh, 'products'));
  await viewInputs(wh, inputs);
  const variables = variablesOf(asOf, modelDateOf(asOf, s.modelRefresh), s);
  await runSqlModel(wh, customerSql, variables);
  await runSqlModel(wh, modelSql, variables);
  await scoreInto(wh, variables, customersPerBatch);
}

/**
 * Counted purchases in the warehouse (before `asOf` when given, of the customers of the table `scope` when given):
 * completed order lines with a SKU and a positive quantity, of orders that belong to a customer (refunds,
 * cancellations and returns are not purchases).
 */
export function warehousePurchases(asOf?: string, scope?: string): string {
  return `SELECT v.customer_id, trim(l.sku) AS sku, l.order_id, l.ordered_at
          FROM order_lines l JOIN order_values v ON v.order_id = l.order_id
          WHERE v.customer_id IS NOT NULL AND l.status = 'completed' AND l.quantity > 0
            AND nullif(trim(l.sku), '') IS NOT NULL${asOf === undefined ? '' : ` AND l.ordered_at < ${literal(asOf)}::DATE`}${
            scope === undefined ? '' : ` AND v.customer_id IN (SELECT customer_id FROM "${scope}")`}`;
}

/** What one build did: counts over the whole table, and whether every customer was rescored (and why). */
export interface RecommendationCounts {
  readonly customers: number;
  readonly rows: number;
  /** Rows recommended by co-purchase ('bought with ...'). */
  readonly similar: number;
  readonly full: boolean;
  readonly reason: string;
  /** Customers whose rows were recomputed (every customer in a full build). */
  readonly recomputed: number;
  /** The model's date: its purchases end before it (`modelDateOf`). */
  readonly modelDate: string;
}

const model = 'product_recommendations';
const changed = `${model}_changed`;

/**
 * Brings `product_recommendations` up to `asOf` for every customer in `customer_360` (a customer with no counted
 * purchase gets the most popular products; see docs/recommendations.md). The model (each product's nearest products,
 * `product_similarity`, and the popular ones, `product_popularity`) is built from the purchases before the model date
 * (`modelDateOf`: the Monday of the as-of week by default) and stored; every time term of a score counts from the
 * model date, so a customer's rows depend only on their own purchases before `asOf` and the stored model. Hence,
 * unless `full`, a run in the same model period rescores only the customers customer_360 recomputed since the last
 * build (read from its change log; their rows are replaced, removed customers' rows deleted). Everyone is rescored
 * (and the model rebuilt) on a first build, a new model date, new settings, SQL or catalogue (names, inactive SKUs),
 * an as-of earlier than the last build's, a full customer_360 build (`customer-changes.ts`), or when the purchases
 * before the model date changed (late or corrected orders, customers merged or split: told by each customer's
 * `product_model_baskets` hash). The result equals a full build on the same data. Needs `order_values` and
 * `customer_360` (the customer_360 step). Leaves the tables as they were when it fails (one transaction).
 * @throws Error when a setting is out of range (see `recommendInto`).
 * @example await buildProductRecommendations(wh, { asOf: '2011-12-10', count: 10 }) // -> { customers: 4338, rows: 43380, full: true, ... }
 */
export async function buildProductRecommendations(
  wh: Warehouse,
  params: { asOf: string; full?: boolean } & Partial<RecommendationSettings>,
  customersPerBatch = 100_000,
): Promise<RecommendationCounts> {
  const { asOf, full: fullAsked, ...settings } = params;
  const s = settled(settings);
  const modelDate = modelDateOf(asOf, s.modelRefresh);
  const products = await hasTable(wh, 'products');
  await viewCatalogue(wh, s, products);
  // Anything besides a customer's own purchases that a row depends on: a change rescores everyone.
  const [{ catalogue } = { catalogue: '' }] = products
    ? await wh.all<{ catalogue: string }>(`SELECT count(*) || ':' || coalesce(sum(hash(sku, name, active)), 0) AS catalogue FROM products`) : [];
  const sql = await Promise.all([customerSql, modelSql, batchSql].map((u) => readFile(u, 'utf8')));
  const settingsHash = definitionHash([...sql, warehousePurchases(), s, catalogue]);
  // The stored model and the baskets it was built from go together: a customer forgotten since (privacy) took their
  // basket row but not their part of the model, which only a rebuild removes.
  const stored = await hasTable(wh, 'product_similarity') && await hasTable(wh, 'product_popularity') && await hasTable(wh, 'product_model_baskets');
  const [{ baskets } = { baskets: -1 }] = stored ? await wh.all<{ baskets: number }>('SELECT count(*)::DOUBLE AS baskets FROM product_model_baskets') : [];
  const definitionOf = (n: number) => `${settingsHash} ${modelDate} ${n}`;
  const [previous] = await wh.all<{ definition: string }>(`SELECT definition FROM customer_model_state WHERE model = ${literal(model)}`)
    .catch(() => []); // no state table before the first customer_360 build
  let plan: CustomerModelPlan = await planCustomerModel(wh, model, { asOf, definition: definitionOf(baskets), full: fullAsked });
  if (plan.reason === 'its settings or reference data changed' && previous) {
    const [hash, date] = previous.definition.split(' ');
    if (hash === settingsHash) {
      plan = { ...plan, reason: date !== modelDate ? `new model date ${modelDate}, modelRefresh ${s.modelRefresh}`
        : stored ? 'the stored model no longer matches its customers\' baskets (customers forgotten since)' : 'the stored model is missing' };
    }
  }
  const variables = variablesOf(asOf, modelDate, s);
  if (!plan.full) {
    await viewInputs(wh, { lines: warehousePurchases(asOf, changed), customers: `SELECT customer_id FROM customer_360 SEMI JOIN "${changed}" USING (customer_id)` });
    await runSqlModel(wh, customerSql, variables);
    // The model's input moved when the rescored customers' baskets before the model date differ from the ones stored
    // for them, as a multiset (ids aside: a customer who merely changed id does not change the model).
    const oldBaskets = `SELECT basket FROM product_model_baskets WHERE customer_id IN (SELECT customer_id FROM "${changed}")`;
    const [{ moved } = { moved: 0 }] = await wh.all<{ moved: number }>(`SELECT
      (SELECT count(*) FROM (${oldBaskets} EXCEPT ALL SELECT basket FROM rec_baskets))::DOUBLE
      + (SELECT count(*) FROM (SELECT basket FROM rec_baskets EXCEPT ALL ${oldBaskets}))::DOUBLE AS moved`);
    if (moved > 0) plan = { ...plan, full: true, reason: 'purchases before the model date changed (late or corrected orders, customers merged or split)' };
    else await wh.run(`CREATE OR REPLACE TEMP TABLE rec_neighbours AS SELECT item, other, together, similarity FROM product_similarity;
      CREATE OR REPLACE TEMP TABLE rec_popular AS SELECT sku, customers, share, pop_rank FROM product_popularity;`);
  }
  if (plan.full) {
    await viewInputs(wh, { lines: warehousePurchases(asOf), customers: 'SELECT customer_id FROM customer_360' });
    await runSqlModel(wh, customerSql, variables);
    await runSqlModel(wh, modelSql, variables);
  }
  const recomputed = await scoreInto(wh, variables, customersPerBatch);
  const [{ kept } = { kept: 0 }] = await wh.all<{ kept: number }>('SELECT count(*)::DOUBLE AS kept FROM rec_baskets');
  await wh.transaction(async () => {
    await wh.run(`${plan.full ? `
      CREATE OR REPLACE TABLE product_recommendations AS SELECT * FROM rec_out ORDER BY customer_id, rank;
      CREATE OR REPLACE TABLE product_similarity AS
        SELECT ${literal(modelDate)}::DATE AS model_date, item, other, together, similarity FROM rec_neighbours ORDER BY item, similarity DESC, other;
      CREATE OR REPLACE TABLE product_popularity AS
        SELECT ${literal(modelDate)}::DATE AS model_date, pop_rank, sku, customers, share FROM rec_popular ORDER BY pop_rank;
      CREATE OR REPLACE TABLE product_model_baskets AS SELECT customer_id, basket FROM rec_baskets ORDER BY customer_id;`
    : `
      DELETE FROM product_recommendations WHERE customer_id IN (SELECT customer_id FROM "${changed}");
      INSERT INTO product_recommendations SELECT * FROM rec_out ORDER BY customer_id, rank;
      DELETE FROM product_model_baskets WHERE customer_id IN (SELECT customer_id FROM "${changed}");
      INSERT INTO product_model_baskets SELECT customer_id, basket FROM rec_baskets ORDER BY customer_id;`}
      ${saveCustomerModelSql(model, plan, asOf, definitionOf(plan.full ? kept : baskets))}`);
  });
  const [r = { customers: 0, rows: 0, similar: 0 }] = await wh.all<{ customers: number; rows: number; similar: number }>(
    `SELECT count(DISTINCT customer_id)::DOUBLE AS customers, count(*)::DOUBLE AS rows, count(*) FILTER (WHERE reason LIKE 'bought with %')::DOUBLE AS similar
     FROM product_recommendations`);
  await wh.run('DROP TABLE rec_out');
  return { ...r, full: plan.full, reason: plan.reason, recomputed, modelDate };
}

async function hasTable(wh: Warehouse, name: string): Promise<boolean> {
  const rows = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [name]);
  return rows.length > 0;
}
