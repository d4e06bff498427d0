// appendColumns writes text and number columns in chunks, with NaN and null as NULL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendColumns } from '../../transforms/append-columns.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe('appendColumns', () => {
  it('appends several chunks of rows in order, NaN and null as NULL', async () => {
    await t.warehouse.run('CREATE TABLE target (id VARCHAR, v DOUBLE)');
    const n = 5000; // more than two standard vectors of 2048
    const ids = Array.from({ length: n }, (_, i) => (i === 7 ? null : `c${i}`));
    const values = Float64Array.from({ length: n }, (_, i) => (i === 9 ? NaN : i / 2));
    expect(await appendColumns(t.warehouse, 'target', [ids, values])).toBe(n);
    const [s] = await t.warehouse.all<Record<string, number>>(
      `SELECT count(*) AS n, count(id) AS ids, count(v) AS vs, sum(v) AS total, max(v) AS top FROM target`);
    expect(s).toEqual({ n, ids: n - 1, vs: n - 1, total: (n * (n - 1)) / 4 - 4.5, top: (n - 1) / 2 });
    expect(await t.warehouse.all(`SELECT id, v FROM target WHERE id = 'c4096'`)).toEqual([{ id: 'c4096', v: 2048 }]);
  });

  it('names the table when the columns do not fit it', async () => {
    await t.warehouse.run('CREATE TABLE target (id VARCHAR, v DOUBLE)');
    await expect(appendColumns(t.warehouse, 'target', [['a']])).rejects.toThrow(/appendColumns target: the table has 2 columns, got 1/);
    await expect(appendColumns(t.warehouse, 'target', [['a'], Float64Array.of(1, 2)])).rejects.toThrow(/columns differ in length/);
  });
});
