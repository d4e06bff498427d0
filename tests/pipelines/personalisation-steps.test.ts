// The daily pipeline's product_recommendations step takes its settings from analytics.recommendations in the config.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { productRecommendationsStep } from '../../pipelines/personalisation-steps.js';
import type { StepContext } from '../../runner/pipeline.js';
import { ordersChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { insertRows } from '../helpers/channel-rows.js';
import { refOf } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// Three products. As of 2024-06-01 (a Saturday) the model date is Monday 2024-05-27 (the default weekly model) and the
// default 90-day window starts 2024-02-27, so C's x and z (03-01) and D's y (04-01) are excluded; with
// modelRefresh 'day' it starts 2024-03-03 and only D's y is.
// A: x, y   B: x, y, z   C: x, z (03-01)   D: y (04-01)   E: a cancelled order only (popular fallback).
const lines = [['o1', 'A', 'x'], ['o1', 'A', 'y'], ['o2', 'B', 'x'], ['o2', 'B', 'y'], ['o2', 'B', 'z'], ['o3', 'C', 'x'], ['o3', 'C', 'z'],
  ['o4', 'D', 'y'], ['o5', 'E', 'z']] as const;
const at: Record<string, string> = { o1: '2024-01-10', o2: '2024-02-01', o3: '2024-03-01', o4: '2024-04-01', o5: '2024-04-03' };

async function daily(analytics: object) {
  const loaded = parseConfig({ sources: {}, analytics }, '/project/rapport.config.ts', {});
  const ctx = { warehouse: t.warehouse, loaded, params: { asOf: '2024-06-01' }, runId: 'test', log: () => {}, upstream: {} } as unknown as StepContext;
  await productRecommendationsStep.run(ctx);
  const rows = await t.warehouse.all<{ who: string; skus: string }>(
    `SELECT ${refOf('pr.customer_id')} AS who, string_agg(sku, ' ' ORDER BY rank) AS skus FROM product_recommendations pr GROUP BY ALL ORDER BY who`);
  return Object.fromEntries(rows.map((r) => [r.who, r.skus.split(' ').sort().join(' ')]));
}

describe('product_recommendations step settings from the config', () => {
  it('writes 5 per customer by default, 2 with recommendations.count 2, and leaves out a configured SKU', async () => {
    await insertRows(t.warehouse, ordersChannel, lines.map(([order_id, customer_ref, sku], i) => ({
      order_id, line_no: i, customer_ref, status: order_id === 'o5' ? 'cancelled' : 'completed', currency: 'EUR', sku, quantity: 1, amount: 10, ordered_at: at[order_id],
    })));
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2024-06-01' });
    // Default count 5: every product a customer may get (all three; C only y, D not y, bought in the window).
    expect(await daily({})).toEqual({ A: 'x y z', B: 'x y z', C: 'y', D: 'x z', E: 'x y z' });
    const two = await daily({ recommendations: { count: 2, modelRefresh: 'day' } });
    expect(Object.values(two).map((skus) => skus.split(' ').length)).toEqual([2, 2, 2, 2, 2]);
    // excludeSkus z and a window of 0 days: everyone gets x and y, D too (nothing is recent any more).
    expect(await daily({ recommendations: { count: 2, excludeDays: 0, excludeSkus: ['z'] } })).toEqual({ A: 'x y', B: 'x y', C: 'x y', D: 'x y', E: 'x y' });
  });
});
