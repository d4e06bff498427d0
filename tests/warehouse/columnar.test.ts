// Columnar bulk I/O: appendColumns writes text and number columns in chunks (NaN and null as NULL), readKeyedColumns reads them back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendColumns, readKeyedColumns, readNumericColumns } from '../../warehouse/columnar.js';
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

describe('readKeyedColumns', () => {
  it('reads a key column and number columns across chunks into typed arrays, and notices a changed row count', async () => {
    const n = 4500; // three chunks
    await t.warehouse.run(`CREATE TABLE source AS SELECT 'c' || i AS id, i / 4 AS a, i * 2.0 AS b FROM range(${n}) r(i)`);
    const read = await readKeyedColumns(t.warehouse, 'SELECT id, a, b FROM source ORDER BY i_order', n, 'source').catch(() => undefined);
    expect(read).toBeUndefined(); // no such column: the query fails, no partial result
    const ok = await readKeyedColumns(t.warehouse, 'SELECT id, a, b FROM source ORDER BY a, id', n, 'source');
    expect(ok.keys).toHaveLength(n);
    expect(ok.numbers).toHaveLength(2);
    expect(ok.numbers[0]).toBeInstanceOf(Float64Array);
    // Sum of i/4 for i < n, and of 2i, worked by hand: (n-1)n/2 = 10 122 750.
    expect(ok.numbers[0]!.reduce((s, v) => s + v, 0)).toBeCloseTo(10_122_750 / 4, 6);
    expect(ok.numbers[1]!.reduce((s, v) => s + v, 0)).toBe(2 * 10_122_750);
    expect(ok.keys[0]).toBe('c0');
    await expect(readKeyedColumns(t.warehouse, 'SELECT id, a FROM source', n - 1, 'source')).rejects.toThrow('source changed while being read (more than 4499 rows)');
    await expect(readKeyedColumns(t.warehouse, 'SELECT id, a FROM source', n + 1, 'source')).rejects.toThrow(`source changed while being read (${n} of ${n + 1} rows)`);
  });
});

describe('readNumericColumns', () => {
  it('reads a grouped result in its order, whatever its size, and leaves no table behind', async () => {
    // 5,000 rows of i % 2500: 2,500 groups of two (more than one chunk), each group's value twice its key.
    await t.warehouse.run('CREATE TABLE source AS SELECT i % 2500 AS g, 2.0 * (i % 2500) AS v FROM range(5000) r(i)');
    const [g, n, total] = await readNumericColumns(t.warehouse, 'SELECT g, count(*) AS n, sum(v) AS total FROM source GROUP BY g ORDER BY g DESC', 'source');
    expect(g).toHaveLength(2500);
    expect([g![0], g![2499]]).toEqual([2499, 0]);
    expect(n!.every((v) => v === 2)).toBe(true);
    expect(total![0]).toBe(4 * 2499);
    expect(await t.warehouse.all("SELECT 1 FROM duckdb_tables() WHERE table_name = '_numeric_columns'")).toEqual([]);
  });
});

