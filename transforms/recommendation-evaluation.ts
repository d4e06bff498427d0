// Time-split evaluation of product recommendations against the popularity baseline (`rapport recommend evaluate`).
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';
import { recommendInto, type RecommendationInputs, type RecommendationSettings } from './product-recommendations.js';

/** One recommender's scores on the test period. */
export interface RecommenderScores {
  /** Share of evaluated customers who bought at least one of their K recommended products. */
  readonly hitRate: number;
  /** Mean over customers of (recommended products they bought) / (distinct products they bought). */
  readonly recall: number;
  /** Distinct products recommended to anyone / distinct products bought in the training period. */
  readonly coverage: number;
}

export interface RecommendationEvaluation {
  readonly trainBefore: string;
  /** Exclusive end of the test period, when one was given (else every order on or after `trainBefore`). */
  readonly testBefore?: string;
  readonly k: number;
  /** Customers with a purchase before `trainBefore` and one in the test period. */
  readonly customers: number;
  readonly recommender: RecommenderScores;
  readonly popularity: RecommenderScores;
  /** Second baseline: the customer's own products bought before the exclusion window, most orders first, then popular ones. */
  readonly staples: RecommenderScores;
}

/**
 * Trains on the purchases of `purchases` before `trainBefore`, recommends `k` products to each customer who bought
 * both before and on/after it, and scores them and the popularity baseline (the `k` most popular products not bought
 * in the exclusion window, the same rule the recommender follows) and the staples baseline on the products each
 * customer bought afterwards (before `testBefore` when given: an earlier split whose test period ends where a later
 * split's begins, so settings can be chosen on it without looking at the later split's test orders).
 * `purchases` is a query with columns customer_id, sku, order_id, ordered_at over all time.
 * @throws Error when no customer bought on both sides of `trainBefore`, or `testBefore` is not after `trainBefore`.
 * @example await evaluateRecommendations(wh, { purchases: warehousePurchases(), trainBefore: '2011-06-01', testBefore: '2011-09-01', k: 10 })
 */
export async function evaluateRecommendations(
  wh: Warehouse,
  params: { purchases: string; trainBefore: string; testBefore?: string; k: number } & Partial<Omit<RecommendationSettings, 'count' | 'modelRefresh'>>,
): Promise<RecommendationEvaluation> {
  const { purchases, trainBefore, testBefore, k, ...settings } = params;
  if (testBefore !== undefined && !(testBefore > trainBefore))
    throw new Error(`recommend evaluate: the test period must end after it starts (testBefore ${testBefore}, trainBefore ${trainBefore})`);
  const cut = `${literal(trainBefore)}::DATE`;
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE eval_purchases AS ${purchases};
    CREATE OR REPLACE TEMP TABLE eval_test AS
      SELECT DISTINCT customer_id, sku FROM eval_purchases WHERE ordered_at >= ${cut}
      ${testBefore === undefined ? '' : `AND ordered_at < ${literal(testBefore)}::DATE -- the test period's exclusive end`}
      AND customer_id IN (SELECT customer_id FROM eval_purchases WHERE ordered_at < ${cut});`);
  const inputs: RecommendationInputs = {
    lines: `SELECT customer_id, sku, order_id, ordered_at FROM eval_purchases WHERE ordered_at < ${cut}`,
    customers: 'SELECT DISTINCT customer_id FROM eval_test',
  };
  // The model is trained on every purchase before the split (a daily run's model may be up to a period older).
  await recommendInto(wh, trainBefore, inputs, { ...settings, count: k, modelRefresh: 'day' });
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE eval_baseline AS
    SELECT c.customer_id, p.sku FROM (SELECT DISTINCT customer_id FROM eval_test) c CROSS JOIN rec_popular p
    ANTI JOIN rec_recent r ON r.customer_id = c.customer_id AND r.sku = p.sku
    QUALIFY row_number() OVER (PARTITION BY c.customer_id ORDER BY p.customers DESC, p.sku) <= ${k};
    CREATE OR REPLACE TEMP TABLE eval_staples AS
    SELECT customer_id, sku FROM (
      SELECT b.customer_id, b.sku, 0 AS tier, b.orders AS n FROM rec_bought b
      WHERE b.customer_id IN (SELECT customer_id FROM eval_test) AND b.sku NOT IN (SELECT sku FROM rec_inactive)
      UNION ALL SELECT customer_id, sku, 1, 0 FROM eval_baseline
    ) ANTI JOIN rec_recent r USING (customer_id, sku)
    QUALIFY row_number() OVER (PARTITION BY customer_id, sku ORDER BY tier) = 1
        AND row_number() OVER (PARTITION BY customer_id ORDER BY tier, n DESC, sku) <= ${k};`);
  const [n] = await wh.all<{ customers: number }>('SELECT count(DISTINCT customer_id) AS customers FROM eval_test');
  if (!n || n.customers === 0)
    throw new Error(`recommend evaluate: no customer bought both before and on or after ${trainBefore}${testBefore === undefined ? '' : ` (and before ${testBefore})`}`);
  return {
    trainBefore, ...(testBefore === undefined ? {} : { testBefore }), k, customers: n.customers,
    recommender: await scores(wh, 'SELECT customer_id, sku FROM rec_out'),
    popularity: await scores(wh, 'SELECT customer_id, sku FROM eval_baseline'),
    staples: await scores(wh, 'SELECT customer_id, sku FROM eval_staples'),
  };
}

async function scores(wh: Warehouse, recommended: string): Promise<RecommenderScores> {
  const [r] = await wh.all<RecommenderScores>(`
    WITH recs AS (${recommended}),
    per_customer AS (
      SELECT t.customer_id, count(*) AS bought, count(r.sku) AS hits
      FROM eval_test t LEFT JOIN recs r ON r.customer_id = t.customer_id AND r.sku = t.sku
      GROUP BY t.customer_id
    )
    SELECT avg((hits > 0)::INTEGER)::DOUBLE AS "hitRate", avg(hits / bought)::DOUBLE AS recall,
           ((SELECT count(DISTINCT sku) FROM recs) / (SELECT count(*) FROM rec_item_customers))::DOUBLE AS coverage
    FROM per_customer`);
  return r!;
}
