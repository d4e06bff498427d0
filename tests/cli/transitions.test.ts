import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import { seedOrders } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { 'rapport.config.mjs': config } = await t.files({ 'rapport.config.mjs': 'export default { sources: {} };\n' });
  const code = await main([...args, '--config', config!], {
    out: (l) => out.push(l), err: (l) => err.push(l), env: { RAPPORT_WAREHOUSE: t.warehouse.path }, cwd: t.dir,
  });
  return { code, out, err };
}

describe('rapport transitions', () => {
  it('prints segment movements between the two latest snapshots, or between given dates', async () => {
    await seedOrders(t.warehouse, [
      ['a1', 'A', 100, '2026-01-10T10:00:00Z'], ['b1', 'B', 50, '2026-02-20T10:00:00Z'], ['b2', 'B', 50, '2026-03-20T10:00:00Z'],
    ], '2026-04-01');
    await buildRfmSegments(t.warehouse, { asOf: '2026-02-01' }); // A alone: Champions
    await buildRfmSegments(t.warehouse, { asOf: '2026-04-01' }); // monetary tie at 100: A R1 F1 M1 -> Lost; B R5 F5 M1 (FM 3) -> Loyal Customers
    t.warehouse.close(); // the command opens the file itself
    const latest = await cli(['transitions', '--moved']);
    expect(latest).toEqual({ code: 0, err: [], out: ['segment transitions 2026-02-01 -> 2026-04-01', '  (none) -> Loyal Customers: 1', '  Champions -> Lost: 1'] });
    const bad = await cli(['transitions', '--from', '2026-03-01', '--to', '2026-04-01']);
    expect(bad.code).toBe(1);
    expect(bad.err.join('\n')).toMatch(/no RFM snapshot as of 2026-03-01 in rfm_history; snapshots: 2026-02-01, 2026-04-01/);
  });
});
