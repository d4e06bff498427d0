import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { churnStep, rfmStep } from '../../pipelines/steps.js';
import type { StepContext } from '../../runner/pipeline.js';
import { seedOrders } from '../helpers/order-fixture.js';
import { stepContext } from '../helpers/step-context.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe('metric steps', () => {
  it('pass the analytics config (RFM window, segment map, churn window) to the transforms', async () => {
    await seedOrders(t.warehouse, [
      ['a1', 'A', 100, '2026-01-10T10:00:00Z'], ['a2', 'A', 10, '2026-06-20T10:00:00Z'], ['b1', 'B', 50, '2026-06-01T10:00:00Z'],
    ], '2026-07-01');
    const loaded = parseConfig({
      sources: {},
      analytics: { rfmWindowDays: 30, churnInactivityDays: 60, segmentMap: [{ segment: 'All', r: [1, 5], fm: [1, 5] }] },
    }, '/tmp/rapport.config.ts');
    const ctx: StepContext = stepContext({ warehouse: t.warehouse, loaded, runId: 'test', params: { asOf: '2026-07-01' } });
    await rfmStep.run(ctx);
    await churnStep.run(ctx);
    expect(await t.warehouse.all(`SELECT frequency, monetary::DOUBLE AS m, segment FROM rfm_segments ORDER BY frequency`))
      .toEqual([{ frequency: 1, m: 50, segment: 'All' }, { frequency: 2, m: 10, segment: 'All' }]); // A's January order is outside 30 days
    expect(await t.warehouse.all(`SELECT sum(churned_customers)::INTEGER AS churned, max(churn_inactivity_days) AS n FROM churn_metrics`))
      .toEqual([{ churned: 1, n: 60 }]); // A churned on Mar 11 (Jan 10 + 60)
  });
});
