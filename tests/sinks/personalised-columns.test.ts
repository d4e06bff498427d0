// Exports can add each customer's recommendations (rec_1..rec_N) and preferences (top_category, best_send_hour).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audienceColumns } from '../../sinks/audience-columns.js';
import { exportSegment } from '../../sinks/segment-export.js';
import { seedAudience } from '../helpers/audience-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

async function seed(): Promise<void> {
  await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'f', segment: 'At Risk' }, { id: 'g', segment: 'Champions' }]);
  await t.warehouse.run(`
    CREATE TABLE customer_preferences AS SELECT * FROM (VALUES ('a', 99, 'Tuesday', 9, 'camp'), ('f', 99, NULL, NULL, NULL))
      AS v(customer_id, orders, best_send_day, best_send_hour, top_category);
    CREATE TABLE product_recommendations AS SELECT * FROM (VALUES ('a', 1, 'MUG'), ('a', 2, 'TEE'), ('a', 3, 'CAP'), ('f', 1, 'TEE'), ('g', 1, 'MUG'))
      AS v(customer_id, rank, sku);`);
}

describe('personalised export columns', () => {
  it('adds rec_1..rec_N (one per rank built), top_category and best_send_hour to a segment export', async () => {
    await seed();
    const out = path.join(t.dir, 'at-risk.csv');
    const r = await exportSegment(t.warehouse, { segment: 'At Risk', out, format: 'csv', columns: ['customer_id', 'rec_1', 'rec_2', 'rec_3', 'top_category', 'best_send_hour'] });
    expect(r.rows).toBe(2);
    const rows = Papa.parse<Record<string, string>>(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toEqual([
      { customer_id: 'a', rec_1: 'MUG', rec_2: 'TEE', rec_3: 'CAP', top_category: 'camp', best_send_hour: '9' },
      { customer_id: 'f', rec_1: 'TEE', rec_2: '', rec_3: '', top_category: '', best_send_hour: '' },
    ]);
  });

  it("offers rec_ columns only up to the largest rank, and a name customer_360 also has stays customer_360's", async () => {
    await seed();
    const columns = await audienceColumns(t.warehouse);
    expect(columns.list.filter((c) => c.name.startsWith('rec_')).map((c) => c.name)).toEqual(['rec_1', 'rec_2', 'rec_3']);
    expect(columns.byName.get('orders')?.table).toBe('customer_360');
    expect(columns.byName.get('best_send_day')?.table).toBe('customer_preferences');
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'x.csv'), columns: ['customer_id', 'rec_4'] }))
      .rejects.toThrow(/unknown column "rec_4"/);
  });

  it('without the personalisation tables, the rec_ and preference columns are simply not there', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }]);
    const columns = await audienceColumns(t.warehouse);
    expect(columns.list.some((c) => c.name === 'rec_1' || c.name === 'top_category')).toBe(false);
    expect(columns.missingTables).toContain('customer_preferences');
  });
});
