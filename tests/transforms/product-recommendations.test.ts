// product_recommendations on a hand-worked order set: co-purchase counts, cosine scores, exclusions and the popular fallback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ordersChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildProductRecommendations, recommendInto, warehousePurchases } from '../../transforms/product-recommendations.js';
import { evaluateRecommendations } from '../../transforms/recommendation-evaluation.js';
import { insertRows } from '../helpers/channel-rows.js';
import { refOf } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

type Line = readonly [order: string, ref: string, sku: string | null, quantity: number, at: string, status?: 'completed' | 'refunded' | 'cancelled'];

// Who bought what (before 2024-06-01):  A: x, y   B: x, y, z   C: x, z   D: y   E: only a cancelled order.
// Customers per product: x 3 (A B C), y 3 (A B D), z 2 (B C). Bought together: x+y 2 (A B), x+z 2 (B C), y+z 1 (B).
// Cosine = together / sqrt(customers(a) * customers(b)): x~y 2/sqrt(9) = 0.666667, x~z 2/sqrt(6) = 0.816497,
// y~z 1/sqrt(6) = 0.408248 (dropped by default: fewer than 2 customers bought the pair).
// Popularity share = customers / 4 customers with purchases: x 0.75, y 0.75, z 0.5.
const lines: Line[] = [
  ['o1', 'A', 'x', 1, '2024-01-10'], ['o1', 'A', 'y', 2, '2024-01-10'],
  ['o2', 'B', 'x', 1, '2024-02-01'], ['o3', 'B', 'y', 1, '2024-02-02'], ['o3', 'B', 'z', 1, '2024-02-02'],
  ['o4', 'C', 'x', 1, '2024-03-01'], ['o4', 'C', 'z', 1, '2024-03-01'],
  ['o5', 'D', 'y', 1, '2024-04-01'],
  ['o5', 'D', null, 1, '2024-04-01'],                       // no SKU: not a product
  ['r1', 'D', 'z', -1, '2024-04-02', 'refunded'],           // a return is not a purchase
  ['o6', 'E', 'z', 1, '2024-04-03', 'cancelled'],           // E's only order was cancelled: E has no history
  ['o7', 'A', 'w', 1, '2024-06-02'],                        // after as-of: ignored
];

async function seed(orderLines: readonly Line[] = lines, asOf = '2024-06-01'): Promise<void> {
  await insertRows(t.warehouse, ordersChannel, orderLines.map(([order_id, customer_ref, sku, quantity, ordered_at, status = 'completed'], i) => ({
    order_id, line_no: i, customer_ref, status, currency: 'EUR', sku, quantity, amount: quantity * 10, ordered_at,
  })));
  await buildIdentities(t.warehouse);
  await buildCustomer360(t.warehouse, { asOf });
}

const rows = () => t.warehouse.all(
  `SELECT ${refOf('pr.customer_id')} AS who, rank, sku, score, reason FROM product_recommendations pr ORDER BY who, rank`);

describe('product_recommendations', () => {
  it('recommends by cosine co-purchase similarity, never what the customer bought in the window, then popular products', async () => {
    await seed();
    const r = await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 365 });
    expect(await rows()).toEqual([
      { who: 'A', rank: 1, sku: 'z', score: 0.816497, reason: 'bought with x by 2 customers' },   // x~z; y~z below 2 customers
      { who: 'C', rank: 1, sku: 'y', score: 0.666667, reason: 'bought with x by 2 customers' },   // B bought all three: nothing left
      { who: 'D', rank: 1, sku: 'x', score: 0.666667, reason: 'bought with y by 2 customers' },
      { who: 'D', rank: 2, sku: 'z', score: 0.5, reason: 'popular: bought by 2 customers' },
      { who: 'E', rank: 1, sku: 'x', score: 0.75, reason: 'popular: bought by 3 customers' },
      { who: 'E', rank: 2, sku: 'y', score: 0.75, reason: 'popular: bought by 3 customers' },
      { who: 'E', rank: 3, sku: 'z', score: 0.5, reason: 'popular: bought by 2 customers' },
    ]);
    expect(r).toEqual({ customers: 4, rows: 7, similar: 3, full: true, reason: 'first build', recomputed: 5, modelDate: '2024-05-27' });
  });

  it('gives the same rows when customers are scored in batches (as at 1M customers) as in one pass', async () => {
    await seed();
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 365 });
    const onePass = await rows();
    expect(onePass).toHaveLength(7);   // the hand-worked rows of the first test
    // Batches of one customer: every customer's candidates, exclusions and popular fill are scored apart from the others'.
    await recommendInto(t.warehouse, '2024-06-01', { lines: warehousePurchases('2024-06-01'), customers: 'SELECT customer_id FROM customer_360' },
      { excludeDays: 365 }, 1);
    const [row] = await t.warehouse.all<{ batches: number }>('SELECT count(DISTINCT hash(customer_id) % 5)::DOUBLE AS batches FROM customer_360');
    expect(row?.batches).toBeGreaterThan(1);   // the five customers really are spread over several batches
    await t.warehouse.run('CREATE OR REPLACE TABLE product_recommendations AS FROM rec_out');
    expect(await rows()).toEqual(onePass);
  });

  it('sums similarities over the customer\'s products and recommends back what was bought before the window', async () => {
    await seed();
    // 100 days before 2024-06-01 is 2024-02-22: only C's and D's orders are recent. With pairs of one customer kept,
    // B (recent: nothing) scores each product by its similarities to the other two, e.g. x: x~y + x~z = 1.483163.
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 100, minTogether: 1, count: 2, repeatWeight: 0 });
    // A (recent: nothing): z = x~z + y~z = 1.224745 (mostly from x), x = y~x = 0.666667, y = x~y = 0.666667 (tie: by SKU).
    expect((await rows()).filter((r) => r.who === 'A' || r.who === 'B')).toEqual([
      { who: 'A', rank: 1, sku: 'z', score: 1.224745, reason: 'bought with x by 2 customers' },
      { who: 'A', rank: 2, sku: 'x', score: 0.666667, reason: 'bought with y by 2 customers' },
      { who: 'B', rank: 1, sku: 'x', score: 1.483163, reason: 'bought with z by 2 customers' },
      { who: 'B', rank: 2, sku: 'z', score: 1.224745, reason: 'bought with x by 2 customers' },
    ]);
  });

  it('adds the customer\'s own staples bought before the window: 3 x orders x 0.5^(days from last to the model date / 180)', async () => {
    await seed([...lines, ['o8', 'A', 'x', 1, '2023-12-01']]);   // A bought x in two orders; nothing else changes
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 100, count: 3 });
    // 2024-06-01 is a Saturday, so the model date is Monday 2024-05-27 (modelRefresh 'week'); the staples' days count
    // to it: A's last order 138 days before (2024-01-10), B's 116 (x) and 115 (y, z). Repeat parts:
    // A x 3 x 2 x 0.5^(138/180) = 3.526644, A y 1.763322; B x 3 x 0.5^(116/180) = 1.919217, B y, z 1.926622.
    // Co-purchase parts as in the first test (pairs of 2+ customers): A x y~x 0.666667, y x~y 0.666667, z x~z 0.816497;
    // B x y~x + z~x = 1.483163, y x~y 0.666667, z x~z 0.816497. The reason is the largest single part.
    expect((await rows()).filter((r) => r.who === 'A' || r.who === 'B')).toEqual([
      { who: 'A', rank: 1, sku: 'x', score: 4.19331, reason: 'bought again: ordered 2 times, last on 2024-01-10' },
      { who: 'A', rank: 2, sku: 'y', score: 2.429989, reason: 'bought again: ordered 1 time, last on 2024-01-10' },
      { who: 'A', rank: 3, sku: 'z', score: 0.816497, reason: 'bought with x by 2 customers' },
      { who: 'B', rank: 1, sku: 'x', score: 3.402381, reason: 'bought again: ordered 1 time, last on 2024-02-01' },
      { who: 'B', rank: 2, sku: 'z', score: 2.743119, reason: 'bought again: ordered 1 time, last on 2024-02-02' },
      { who: 'B', rank: 3, sku: 'y', score: 2.593289, reason: 'bought again: ordered 1 time, last on 2024-02-02' },
    ]);
  });

  it('counts the staples\' days to the as-of date itself when the model refreshes daily', async () => {
    await seed([...lines, ['o8', 'A', 'x', 1, '2023-12-01']]);
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 100, count: 1, modelRefresh: 'day' });
    // Days before 2024-06-01: A's last order 143 (2024-01-10), B's 121 (x). A x: 3 x 2 x 0.5^(143/180) = 3.459391
    // + y~x 0.666667; B x: 3 x 0.5^(121/180) = 1.882618 + y~x + z~x 1.483163.
    expect((await rows()).filter((r) => r.who === 'A' || r.who === 'B')).toEqual([
      { who: 'A', rank: 1, sku: 'x', score: 4.126058, reason: 'bought again: ordered 2 times, last on 2024-01-10' },
      { who: 'B', rank: 1, sku: 'x', score: 3.365781, reason: 'bought again: ordered 1 time, last on 2024-02-01' },
    ]);
  });

  it('never recommends an excluded SKU, by similarity or popularity', async () => {
    await seed();
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 365, excludeSkus: ['x'] });
    // x still counts as bought (C gets y through x); D's only similar product was x, so D falls back to popular z.
    expect((await rows()).map((r) => `${r.who}:${r.sku}`)).toEqual(['A:z', 'C:y', 'D:z', 'E:y', 'E:z']);
  });
});

describe('product_recommendations with a products table', () => {
  it('never recommends an inactive product, names products in reasons, and keeps SKUs that have no product row', async () => {
    await seed();
    await t.warehouse.run(`CREATE TABLE products (sku VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, price DECIMAL(18,2), active BOOLEAN NOT NULL);
      INSERT INTO products VALUES ('x', 'Xylophone', 'toys', 30, true), ('z', 'Zither', 'toys', 80, false)`);   // y: no row
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01', excludeDays: 365 });
    // As in the first test without z: A's only candidate was z (nothing left); D's popular z goes too.
    expect(await rows()).toEqual([
      { who: 'C', rank: 1, sku: 'y', score: 0.666667, reason: 'bought with Xylophone (x) by 2 customers' },
      { who: 'D', rank: 1, sku: 'x', score: 0.666667, reason: 'bought with y by 2 customers' },
      { who: 'E', rank: 1, sku: 'x', score: 0.75, reason: 'popular: bought by 3 customers' },
      { who: 'E', rank: 2, sku: 'y', score: 0.75, reason: 'popular: bought by 3 customers' },
    ]);
  });
});

describe('evaluateRecommendations', () => {
  it('scores hit rate, recall and coverage of the recommender and of popularity on the orders after the split', async () => {
    // Training (before 2024-05-01): the set above (not o7) plus F: x. Customers per product: x 4, y 3, z 2;
    // cosine x~y = 2/sqrt(12) = 0.577, x~z = 2/sqrt(8) = 0.707. Popularity: x, y, z. K = 1, everything bought excluded.
    // Recommender: A z, C y, D x, F z (x~z beats x~y).  Popularity: A z, C y, D x, F y (F bought x).
    // Afterwards A buys z, C buys w, D buys x and y, F buys z (E bought nothing before: not evaluated).
    const train = lines.filter(([order]) => order !== 'o7');
    await seed([
      ...train, ['f1', 'F', 'x', 1, '2024-03-15'],
      ['t1', 'A', 'z', 1, '2024-05-02'], ['t2', 'C', 'w', 1, '2024-05-03'], ['t3', 'D', 'x', 1, '2024-05-04'], ['t3', 'D', 'y', 1, '2024-05-04'],
      ['t4', 'F', 'z', 1, '2024-05-05'], ['t5', 'E', 'x', 1, '2024-05-06'],
    ], '2024-06-01');
    const e = await evaluateRecommendations(t.warehouse, { purchases: warehousePurchases(), trainBefore: '2024-05-01', k: 1, excludeDays: 365 });
    expect(e).toEqual({
      trainBefore: '2024-05-01', k: 1, customers: 4,
      recommender: { hitRate: 3 / 4, recall: (1 + 0 + 1 / 2 + 1) / 4, coverage: 3 / 3 },   // recommended x, y, z of 3 products
      popularity: { hitRate: 2 / 4, recall: (1 + 0 + 1 / 2 + 0) / 4, coverage: 3 / 3 },
      staples: { hitRate: 2 / 4, recall: (1 + 0 + 1 / 2 + 0) / 4, coverage: 3 / 3 },   // everything bought is excluded: popularity
    });
  });

  it('tests only on the orders before testBefore when given, and only the customers who bought then', async () => {
    // The set of the test above; the test period now ends before 2024-05-04 (exclusive): only t1 (A buys z) and t2
    // (C buys w) fall in it, so D (t3 on 05-04) and F (t4 on 05-05) are not evaluated. Lists as above: A z, C y for
    // the recommender and for popularity (and staples: everything bought is excluded). A hits, C misses.
    // Coverage: z and y recommended to A and C, of 3 products bought before the split.
    const train = lines.filter(([order]) => order !== 'o7');
    await seed([
      ...train, ['f1', 'F', 'x', 1, '2024-03-15'],
      ['t1', 'A', 'z', 1, '2024-05-02'], ['t2', 'C', 'w', 1, '2024-05-03'], ['t3', 'D', 'x', 1, '2024-05-04'], ['t4', 'F', 'z', 1, '2024-05-05'],
    ], '2024-06-01');
    const e = await evaluateRecommendations(t.warehouse, { purchases: warehousePurchases(), trainBefore: '2024-05-01', testBefore: '2024-05-04', k: 1, excludeDays: 365 });
    const same = { hitRate: 1 / 2, recall: (1 + 0) / 2, coverage: 2 / 3 };
    expect(e).toEqual({ trainBefore: '2024-05-01', testBefore: '2024-05-04', k: 1, customers: 2, recommender: same, popularity: same, staples: same });
    await expect(evaluateRecommendations(t.warehouse, { purchases: warehousePurchases(), trainBefore: '2024-05-01', testBefore: '2024-05-01', k: 1 }))
      .rejects.toThrow('the test period must end after it starts (testBefore 2024-05-01, trainBefore 2024-05-01)');
  });
});
