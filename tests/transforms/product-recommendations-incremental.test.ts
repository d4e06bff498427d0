// product_recommendations between model refreshes: a daily run rescores only the customers whose purchases changed,
// and leaves the table a full rebuild on the same data leaves; a new model week, or a late purchase before the model
// date, rebuilds the model and rescores everyone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ordersChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildProductRecommendations, modelDateOf } from '../../transforms/product-recommendations.js';
import { insertRows } from '../helpers/channel-rows.js';
import { refOf } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// Two per customer; every purchase of these months is inside the 365-day exclusion window, so nobody gets back what
// they bought; pairs of a single customer count. The model refreshes weekly (the default).
const settings = { count: 2, excludeDays: 365, minTogether: 1 } as const;

/** Adds order lines [order, customer ref, sku, day] and brings identities and customer_360 up to `asOf`. */
async function buy(lines: readonly (readonly [string, string, string, string])[], asOf: string): Promise<void> {
  if (lines.length > 0) await insertRows(t.warehouse, ordersChannel, lines.map(([order_id, customer_ref, sku, day]) => ({
    order_id, line_no: 1, customer_ref, status: 'completed', currency: 'EUR', sku, quantity: 1, amount: 10, ordered_at: `${day}T10:00:00Z`,
  })));
  await buildIdentities(t.warehouse);
  await buildCustomer360(t.warehouse, { asOf });
}

const rows = () => t.warehouse.all<{ who: string; rank: number; sku: string; score: number; reason: string }>(
  `SELECT ${refOf('pr.customer_id')} AS who, rank, sku, score, reason FROM product_recommendations pr ORDER BY who, rank`);

/** The table now, then after a full rebuild on the same data: the two must be equal. */
async function andFullRebuild(asOf: string) {
  const now = await rows();
  expect(await buildProductRecommendations(t.warehouse, { asOf, ...settings, full: true })).toMatchObject({ full: true });
  expect(await rows()).toEqual(now);
  return now;
}

// Before Monday 2024-06-03 (the model date of Wednesday 2024-06-05): A x, B x y, C y z, D x.
// Customers per product: x 3 (A B D), y 2 (B C), z 1 (C). Pairs: x+y 1 (B), y+z 1 (C).
// Cosine: x~y 1/sqrt(3 x 2) = 0.408248, y~z 1/sqrt(2 x 1) = 0.707107. Popularity share of 4 customers: x 0.75, y 0.5, z 0.25.
const history = [['o1', 'A', 'x', '2024-01-10'], ['o2', 'B', 'x', '2024-02-01'], ['o2b', 'B', 'y', '2024-02-01'],
  ['o3', 'C', 'y', '2024-03-01'], ['o3b', 'C', 'z', '2024-03-01'], ['o4', 'D', 'x', '2024-04-01']] as const;
// Every list scored with that model: A and D bought only x, so get y (x~y) then the popular z; B gets z (y~z);
// C gets x (y~x). Nothing else is left: each one's own products are excluded, and a scored product is not popular again.
const weekOne = [
  { who: 'A', rank: 1, sku: 'y', score: 0.408248, reason: 'bought with x by 1 customers' },
  { who: 'A', rank: 2, sku: 'z', score: 0.25, reason: 'popular: bought by 1 customers' },
  { who: 'B', rank: 1, sku: 'z', score: 0.707107, reason: 'bought with y by 1 customers' },
  { who: 'C', rank: 1, sku: 'x', score: 0.408248, reason: 'bought with y by 1 customers' },
  { who: 'D', rank: 1, sku: 'y', score: 0.408248, reason: 'bought with x by 1 customers' },
  { who: 'D', rank: 2, sku: 'z', score: 0.25, reason: 'popular: bought by 1 customers' },
];

describe('modelDateOf', () => {
  it('is the as-of date, the Monday of its ISO week, or the first of its month', () => {
    expect(['2024-06-05', '2024-06-03', '2024-06-09'].map((d) => modelDateOf(d, 'week'))).toEqual(['2024-06-03', '2024-06-03', '2024-06-03']);
    expect(modelDateOf('2024-06-05', 'day')).toBe('2024-06-05');
    expect(modelDateOf('2024-06-05', 'month')).toBe('2024-06-01');
    expect(modelDateOf('2025-01-01', 'week')).toBe('2024-12-30');   // a Wednesday: its week began in the year before
  });
});

describe('product_recommendations, incrementally', () => {
  it('rescores only the customer who bought mid-week, with the stored model, as a full rebuild would', async () => {
    await buy(history, '2024-06-05');
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings }))
      .toMatchObject({ full: true, reason: 'first build', recomputed: 4, modelDate: '2024-06-03' });
    expect(await rows()).toEqual(weekOne);
    // Thursday A buys z. Friday's run keeps the model of purchases before Monday; A's list now reads both of A's
    // products: y by x~y + z~y = 0.408248 + 0.707107 = 1.115355 (mostly through z), and z is A's own now.
    await buy([['o5', 'A', 'z', '2024-06-06']], '2024-06-07');
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-07', ...settings }))
      .toMatchObject({ full: false, reason: 'changed customers only', recomputed: 1, modelDate: '2024-06-03' });
    const friday = [
      { who: 'A', rank: 1, sku: 'y', score: 1.115355, reason: 'bought with z by 1 customers' },
      ...weekOne.filter((r) => r.who !== 'A'),
    ];
    expect(await andFullRebuild('2024-06-07')).toEqual(friday);
  });

  it('rebuilds the model and rescores everyone in a new week', async () => {
    await buy(history, '2024-06-05');
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings });
    await buy([['o5', 'A', 'z', '2024-06-06']], '2024-06-07');
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-07', ...settings });
    // Monday 2024-06-10, nothing new: the model now counts A's z. Customers per product x 3, y 2, z 2 (A C); pairs
    // x+y 1 (B), y+z 1 (C), x+z 1 (A). Cosine x~y = x~z = 1/sqrt(6) = 0.408248, y~z = 1/sqrt(4) = 0.5.
    await buy([], '2024-06-10');
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-10', ...settings }))
      .toMatchObject({ full: true, reason: 'new model date 2024-06-10, modelRefresh week', recomputed: 4, modelDate: '2024-06-10' });
    // A (x, z): y = x~y + z~y = 0.908248. B (x, y): z = 0.908248. C (y, z): x = y~x + z~x = 0.816497, two equal
    // parts (the reason names the later SKU). D (x): y and z at 0.408248 each, by SKU; z is now a co-purchase, not popular.
    expect(await andFullRebuild('2024-06-10')).toEqual([
      { who: 'A', rank: 1, sku: 'y', score: 0.908248, reason: 'bought with z by 1 customers' },
      { who: 'B', rank: 1, sku: 'z', score: 0.908248, reason: 'bought with y by 1 customers' },
      { who: 'C', rank: 1, sku: 'x', score: 0.816497, reason: 'bought with z by 1 customers' },
      { who: 'D', rank: 1, sku: 'y', score: 0.408248, reason: 'bought with x by 1 customers' },
      { who: 'D', rank: 2, sku: 'z', score: 0.408248, reason: 'bought with x by 1 customers' },
    ]);
  });

  it('rebuilds the model mid-week when a purchase from before the model date arrives late', async () => {
    await buy(history, '2024-06-05');
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings });
    // C's order of x from 20 May arrives on Thursday. Before Monday now: x 4 (A B C D), y 2, z 1; pairs x+y 2 (B C),
    // x+z 1 (C), y+z 1 (C). Cosine x~y 2/sqrt(8) = 0.707107, x~z 1/sqrt(4) = 0.5, y~z 0.707107.
    await buy([['o6', 'C', 'x', '2024-05-20']], '2024-06-07');
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-07', ...settings })).toMatchObject({
      full: true, reason: 'purchases before the model date changed (late or corrected orders, customers merged or split)', recomputed: 4,
    });
    // A and D (x): y 0.707107, z 0.5. B (x, y): z = x~z + y~z = 1.207107. C bought all three: nothing left.
    expect(await andFullRebuild('2024-06-07')).toEqual([
      { who: 'A', rank: 1, sku: 'y', score: 0.707107, reason: 'bought with x by 2 customers' },
      { who: 'A', rank: 2, sku: 'z', score: 0.5, reason: 'bought with x by 1 customers' },
      { who: 'B', rank: 1, sku: 'z', score: 1.207107, reason: 'bought with y by 1 customers' },
      { who: 'D', rank: 1, sku: 'y', score: 0.707107, reason: 'bought with x by 2 customers' },
      { who: 'D', rank: 2, sku: 'z', score: 0.5, reason: 'bought with x by 1 customers' },
    ]);
  });

  it('rebuilds when a customer\'s basket row went without the model (a forget), or when a setting changed', async () => {
    await buy(history, '2024-06-05');
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings });
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings }))
      .toMatchObject({ full: false, recomputed: 0 });   // nothing new
    // A forget deletes the person's rows from every table with a customer_id, the stored baskets too, but their
    // purchases are still counted in the stored model: only a rebuild takes them out.
    await t.warehouse.run(`DELETE FROM product_model_baskets WHERE customer_id = (SELECT customer_id FROM identities WHERE value = 'D')`);
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings }))
      .toMatchObject({ full: true, reason: 'the stored model no longer matches its customers\' baskets (customers forgotten since)' });
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings, count: 3 }))
      .toMatchObject({ full: true, reason: 'its settings or reference data changed' });
  });

  it('counts from the as-of date itself when the model refreshes daily, and then rescores everyone every day', async () => {
    await buy(history, '2024-06-05');
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-05', ...settings, modelRefresh: 'day' });
    expect(await rows()).toEqual(weekOne);   // nothing was bought between Monday and Wednesday
    await buy([['o5', 'A', 'z', '2024-06-06']], '2024-06-07');
    // The model now counts A's z, as in the new week above: B's z and C's x move too.
    expect(await buildProductRecommendations(t.warehouse, { asOf: '2024-06-07', ...settings, modelRefresh: 'day' }))
      .toMatchObject({ full: true, reason: 'new model date 2024-06-07, modelRefresh day', modelDate: '2024-06-07' });
  });
});
