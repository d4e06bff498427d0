import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSegments, resolveSegment } from '../../sinks/segment-catalogue.js';
import type { SegmentFilter } from '../../sinks/segment-filter.js';
import { seedAudience, seedClv } from '../helpers/audience-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const custom = {
  'Valuable at risk': {
    description: 'At Risk with predicted CLV over 200',
    where: { all: [{ column: 'segment', op: 'eq', value: 'At Risk' }, { column: 'predicted_clv', op: 'gt', value: 200 }] } as SegmentFilter,
  },
  'Big spenders': { where: { column: 'monetary', op: 'gte', value: 500 } as SegmentFilter },
};

async function seed() {
  await seedAudience(t.warehouse, [
    { id: 'a', segment: 'At Risk', monetary: 600 }, { id: 'b', segment: 'At Risk', unsubscribed: true },
    { id: 'c', segment: 'At Risk', email: null }, { id: 'd', segment: 'Champions', monetary: 800 }, { id: 'e', segment: null },
  ]);
  await t.warehouse.run(`INSERT INTO pipeline_steps (run_id, step, status, started_at, ended_at) VALUES
    ('r1', 'rfm_segments', 'success', TIMESTAMP '2026-03-01 06:00:00', TIMESTAMP '2026-03-01 06:01:00'),
    ('r2', 'rfm_segments', 'success', TIMESTAMP '2026-03-02 06:00:00', TIMESTAMP '2026-03-02 06:02:00'),
    ('r3', 'rfm_segments', 'failed',  TIMESTAMP '2026-03-03 06:00:00', TIMESTAMP '2026-03-03 06:02:00'),
    ('r2', 'customer_360', 'success', TIMESTAMP '2026-03-02 06:00:00', TIMESTAMP '2026-03-02 06:01:30')`);
}

describe('segment catalogue', () => {
  it('lists RFM and custom segments with sizes, emailable counts, as-of date and the last successful build', async () => {
    await seed();
    await seedClv(t.warehouse, [{ id: 'a', clv: 300, churnRisk: 'high' }, { id: 'b', clv: 250, churnRisk: 'high' }]);
    const list = await listSegments(t.warehouse, custom);
    expect(list.map((s) => [s.name, s.kind, s.customers, s.emailable, s.asOf, s.computedAt?.toISOString() ?? null, s.error ?? null])).toEqual([
      ['At Risk', 'rfm', 3, 1, '2026-03-01', '2026-03-02T06:02:00.000Z', null],
      ['Champions', 'rfm', 1, 1, '2026-03-01', '2026-03-02T06:02:00.000Z', null],
      ['Valuable at risk', 'custom', 2, 1, '2026-03-01', '2026-03-02T06:02:00.000Z', null],
      ['Big spenders', 'custom', 2, 2, '2026-03-01', '2026-03-02T06:02:00.000Z', null],
    ]);
  });

  it('lists a custom segment that needs a missing table with the reason instead of a size', async () => {
    await seed();
    const list = await listSegments(t.warehouse, custom);
    const valuable = list.find((s) => s.name === 'Valuable at risk');
    expect(valuable?.customers).toBeNull();
    expect(valuable?.error).toMatch(/segment "Valuable at risk": invalid filter:[\s\S]*unknown column "predicted_clv"[\s\S]*clv_predictions/);
    expect(list.find((s) => s.name === 'Big spenders')?.customers).toBe(2);
  });

  it('resolves a segment by exact name or slug, and lists the known ones for an unknown name', async () => {
    await seed();
    expect((await resolveSegment(t.warehouse, 'at-risk', custom)).name).toBe('At Risk');
    expect((await resolveSegment(t.warehouse, 'BIG SPENDERS', custom)).kind).toBe('custom');
    await expect(resolveSegment(t.warehouse, 'Whales', custom)).rejects.toThrow(
      'unknown segment "Whales": expected one of "At Risk", "Champions", "Valuable at risk", "Big spenders"',
    );
  });

  it('says to run a pipeline first when customer_360 does not exist', async () => {
    await expect(listSegments(t.warehouse, {})).rejects.toThrow(/table customer_360 does not exist yet; run a pipeline/);
  });
});
