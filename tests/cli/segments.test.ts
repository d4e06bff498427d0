import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAudience } from '../helpers/audience-fixture.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe('rapport segments', () => {
  it('prints every segment with its size, emailable count and as-of date, and exits 1 for a filter that does not fit', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk', monetary: 900 }, { id: 'b', segment: 'At Risk', bounced: true }, { id: 'c', segment: 'Lost' }]);
    t.warehouse.close(); // the CLI opens the file itself
    const config = await writeConfig(t.dir, {
      warehouse: 'warehouse.duckdb',
      sources: {},
      segments: {
        'Big spenders': { where: { column: 'monetary', op: 'gt', value: 500 } },
        'High CLV': { where: { column: 'predicted_clv', op: 'gt', value: 200 } },
      },
    });
    const r = await runCli(['segments', '--config', config], t.dir);
    expect(r.out.split('\n')).toEqual([
      'segment       kind    customers  emailable  as of       computed',
      'At Risk       rfm             2          1  2026-03-01  -',
      'Lost          rfm             1          1  2026-03-01  -',
      'Big spenders  custom          1          1  2026-03-01  -',
      'High CLV      custom          -          -  -           -',
    ]);
    expect(r.err).toMatch(/segment "High CLV": invalid filter:\n {2}- where\.column: unknown column "predicted_clv"/);
    expect(r.code).toBe(1);
  });
});
