// `rapport test`: one aligned line per data test, what failed, a summary, exit 1 on a failure; --select and --json.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let config: string;
beforeAll(async () => {
  t = await tempWarehouse();
  // A hand-made bad warehouse: a duplicated customer id and a segment nobody declared.
  await t.warehouse.run(`CREATE TABLE customer_360 AS SELECT * FROM (VALUES ('c1', 'Lost'), ('c1', 'Lost'), ('c2', 'Whales'), ('c3', 'Lost')) v(customer_id, segment)`);
  t.warehouse.close();
  config = await writeConfig(t.dir, {
    warehouse: 'warehouse.duckdb',
    sources: { orders: { connector: 'file', channel: 'orders', path: 'orders.csv' } },
    dataTests: [
      { kind: 'not_null', table: 'customer_360', column: 'customer_id' },
      { kind: 'unique', table: 'customer_360', column: 'customer_id' },
      { kind: 'accepted_values', table: 'customer_360', column: 'segment', values: ['Lost', 'Champions'], severity: 'warn' },
      { kind: 'row_count_change', table: 'order_lines', maxDecreasePct: 5, name: 'orders_kept' },
    ],
  });
});
afterAll(async () => { await t.dispose(); });

const cli = (...args: string[]) => runCli(['test', ...args, '--config', config], t.dir);

describe('rapport test', () => {
  it('prints one aligned line per test, then failures, warnings and a summary, and exits 1', async () => {
    const r = await cli();
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Running 4 data tests \(run test-\d{8}T\d{9}Z\)$/);
    const tests = lines.slice(1, 5);
    expect(tests.map((l) => l.replace(/ \.{3,} /, ' ... ').replace(/\d+\.\d s/, 'T'))).toEqual([
      '  1 of 4 PASS not_null_customer_360_customer_id ... [T]',
      '  2 of 4 FAIL unique_customer_360_customer_id ... [2 rows, T]',
      '  3 of 4 WARN accepted_values_customer_360_segment ... [1 row, T]',
      '  4 of 4 ERROR orders_kept ... [ERROR in T]',
    ]);
    expect(new Set(tests.map((l) => l.indexOf('[')))).toEqual(new Set([tests[0]!.indexOf('[')])); // aligned
    expect(r.out).toContain([
      'Failures:',
      '  unique_customer_360_customer_id: 1 value of customer_360.customer_id occurs more than once (2 rows), e.g. "c1" (2)',
      '  orders_kept: Table with name order_lines does not exist!',
      '',
      'Warnings:',
      '  accepted_values_customer_360_segment: 1 row of customer_360 has a segment outside the accepted values: "Whales" (1)',
      '',
      'Done: failed. PASS=1 WARN=1 FAIL=1 ERROR=1 TOTAL=4',
    ].join('\n'));
    const wh = await openWarehouse(path.join(t.dir, 'warehouse.duckdb'), { readOnly: true });
    try {
      const runId = /\(run (\S+)\)/.exec(lines[0]!)![1]!;
      const rows = await wh.all<{ test: string; status: string }>('SELECT test, status FROM data_test_results WHERE run_id = $1 ORDER BY test', [runId]);
      expect(rows.map((x) => x.status)).toEqual(['warn', 'pass', 'error', 'fail']);
    } finally {
      wh.close();
    }
  });

  it('runs only the tests --select names; a warning alone exits 0', async () => {
    const r = await cli('--select', 'not_null_customer_360_customer_id,accepted_values_customer_360_segment');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Running 2 data tests/);
    expect(r.out).toMatch(/Done: passed\. PASS=1 WARN=1 FAIL=0 ERROR=0 TOTAL=2$/);
  });

  it('--json prints one object with every result', async () => {
    const r = await cli('--json', '--select', 'unique_customer_360_customer_id');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { runId: string; status: string; results: Record<string, unknown>[] };
    expect(doc.status).toBe('fail');
    expect(doc.results).toEqual([expect.objectContaining({ test: 'unique_customer_360_customer_id', kind: 'unique', severity: 'error', status: 'fail', failingRows: 2, observed: null })]);
  });

  it('names the declared tests when --select names none, and says when none are declared', async () => {
    expect(await cli('--select', 'unique')).toMatchObject({ code: 2, err: expect.stringContaining('no data test "unique": expected one of not_null_customer_360_customer_id, unique_customer_360_customer_id,') });
    const other = path.join(t.dir, 'empty');
    await mkdir(other);
    const empty = await writeConfig(other, { warehouse: '../warehouse.duckdb', sources: {} });
    const r = await runCli(['test', '--config', empty], t.dir);
    expect(r).toMatchObject({ code: 0, out: 'no data tests declared: add "dataTests" to the config (see docs/operations.md, "Data tests")' });
  });
});
