// Each kind of data test passes on good data and fails on a hand-made bad warehouse (a real DuckDB file), and every
// result is recorded in data_test_results.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataTestsConfig, type DataTestConfig } from '../../data-tests/data-tests-config.js';
import { namedDataTests, runDataTests, type DataTestResult } from '../../data-tests/run-data-tests.js';
import { ordersChannel } from '../../sources/contracts/index.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const now = new Date('2026-11-10T12:00:00Z');
const channelOf = (s: string) => (s === 'fixture' ? ordersChannel : undefined);
async function run(tests: readonly DataTestConfig[], runId = 'r1'): Promise<DataTestResult[]> {
  return runDataTests(t.warehouse, namedDataTests(DataTestsConfig.parse(tests)), { runId, now, channelOf });
}
const statuses = (rs: readonly DataTestResult[]) => Object.fromEntries(rs.map((r) => [r.test, r.status]));

async function customers(rows: readonly [string | null, string][]): Promise<void> {
  await t.warehouse.run('CREATE OR REPLACE TABLE customer_360 (customer_id VARCHAR, segment VARCHAR)');
  for (const [id, segment] of rows) await t.warehouse.run('INSERT INTO customer_360 VALUES ($1, $2)', [id, segment]);
}
const line = (order_id: string, ordered_at: string) =>
  ({ order_id, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 5, ordered_at });
async function quarantine(n: number, resolved = false): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.warehouse.run(`INSERT INTO quarantine (source, location, record_no, raw_hash, reason, raw, run_id, quarantined_at, resolved_at)
      VALUES ('fixture', 'orders.csv', $1, 'h', 'amount: expected a number', 'x', 'r0', now(), $2)`, [i + 1, resolved ? now : null]);
  }
}

const rowTests: DataTestConfig[] = [
  { kind: 'not_null', table: 'customer_360', column: 'customer_id', severity: 'error' },
  { kind: 'unique', table: 'customer_360', column: 'customer_id', severity: 'error' },
  { kind: 'accepted_values', table: 'customer_360', column: 'segment', values: ['Champions', 'Lost'], severity: 'error' },
];

describe('data tests', () => {
  it('not_null, unique and accepted_values pass on good rows', async () => {
    await customers([['c1', 'Champions'], ['c2', 'Lost'], ['c3', 'Lost']]);
    const rs = await run(rowTests);
    expect(rs.map((r) => [r.test, r.status, r.failingRows])).toEqual([
      ['not_null_customer_360_customer_id', 'pass', 0],
      ['unique_customer_360_customer_id', 'pass', 0],
      ['accepted_values_customer_360_segment', 'pass', 0],
    ]);
  });

  it('not_null, unique and accepted_values fail on bad rows, counting the failing rows and naming examples', async () => {
    // c1 twice, c2 three times (5 rows in duplicated values), one NULL id, two rows outside the accepted values.
    await customers([['c1', 'Champions'], ['c1', 'Champions'], ['c2', 'Lost'], ['c2', 'Whales'], ['c2', 'Lost'], [null, 'lost'], ['c3', 'Lost']]);
    const rs = await run(rowTests);
    expect(rs.map((r) => [r.status, r.failingRows])).toEqual([['fail', 1], ['fail', 5], ['fail', 2]]);
    expect(rs[0]!.message).toBe('1 row of customer_360 has no customer_id');
    expect(rs[1]!.message).toBe('2 values of customer_360.customer_id occur more than once (5 rows), e.g. "c2" (3), "c1" (2)');
    expect(rs[2]!.message).toBe('2 rows of customer_360 have a segment outside the accepted values: "Whales" (1), "lost" (1)');
  });

  it('row_count_change records the count, then fails when the table shrank by more than allowed since the last run', async () => {
    const test: DataTestConfig = { kind: 'row_count_change', table: 'customer_360', maxDecreasePct: 10, maxIncreasePct: 50, severity: 'error' };
    await customers(Array.from({ length: 20 }, (_, i) => [`c${i}`, 'Lost'] as [string, string]));
    expect((await run([test], 'r1'))[0]).toMatchObject({ status: 'pass', observed: 20, message: 'customer_360 has 20 rows; first count, nothing to compare with' });
    await t.warehouse.run(`DELETE FROM customer_360 WHERE customer_id IN ('c0', 'c1')`); // 20 -> 18: exactly 10% fewer
    expect((await run([test], 'r2'))[0]).toMatchObject({ status: 'pass', observed: 18, message: 'customer_360 shrank by 10%, 20 -> 18 rows' });
    await t.warehouse.run(`DELETE FROM customer_360 WHERE customer_id IN ('c2', 'c3')`); // 18 -> 16: 11.11% fewer
    expect((await run([test], 'r3'))[0]).toMatchObject({ status: 'fail', observed: 16, message: 'customer_360 shrank by 11.11%, 18 -> 16 rows (allowed: 10% fewer)' });
    await t.warehouse.run(`INSERT INTO customer_360 SELECT 'n' || i, 'Lost' FROM range(9) t(i)`); // 16 -> 25: 56.25% more
    expect((await run([test], 'r4'))[0]).toMatchObject({ status: 'fail', message: 'customer_360 grew by 56.25%, 16 -> 25 rows (allowed: 50% more)' });
  });

  it('quarantine_rate counts open quarantined rows of the source against its loaded rows', async () => {
    await insertRows(t.warehouse, ordersChannel, Array.from({ length: 18 }, (_, i) => line(`o${i}`, '2026-11-09T00:00:00Z')));
    await quarantine(3, true); // re-loaded fixes no longer count
    const test: DataTestConfig = { kind: 'quarantine_rate', source: 'fixture', maxPct: 10, severity: 'error' };
    expect((await run([test], 'r1'))[0]).toMatchObject({ status: 'pass', failingRows: 0, observed: 0 });
    await t.warehouse.run('DELETE FROM quarantine');
    await quarantine(2); // 2 of 20 = 10%: at the limit
    expect((await run([test], 'r2'))[0]).toMatchObject({ status: 'pass', observed: 10 });
    await t.warehouse.run('DELETE FROM quarantine');
    await quarantine(3); // 3 of 21 = 14.29%
    expect((await run([test], 'r3'))[0]).toMatchObject({ status: 'fail', failingRows: 3, message: '14.29% of the rows of source fixture are quarantined (3 of 21; allowed 10%)' });
  });

  it('freshness fails when the newest row of the source is older than allowed, and when it has none', async () => {
    const test: DataTestConfig = { kind: 'freshness', source: 'fixture', maxAge: '2d', severity: 'error' };
    expect((await run([test], 'r1'))[0]).toMatchObject({ status: 'fail', observed: null, message: 'source fixture has no data loaded yet' });
    await insertRows(t.warehouse, ordersChannel, [line('o1', '2026-11-09T00:00:00Z')]); // 36 hours before `now`
    expect((await run([test], 'r2'))[0]).toMatchObject({ status: 'pass', observed: 36 });
    await t.warehouse.run(`DELETE FROM order_lines; `);
    await insertRows(t.warehouse, ordersChannel, [line('o1', '2026-11-05T12:00:00Z')]);
    expect((await run([test], 'r3'))[0]).toMatchObject({
      status: 'fail', observed: 120, message: 'the newest data of source fixture is from 2026-11-05T12:00:00.000Z, 5.0 days old (allowed 2d)' });
  });

  it('a failure with severity warn is a warning; a test that cannot run is an error; all are recorded under the run id', async () => {
    await customers([['c1', 'Champions'], ['c1', 'Champions']]);
    const rs = await run([
      { kind: 'unique', table: 'customer_360', column: 'customer_id', severity: 'warn' },
      { kind: 'not_null', table: 'customers', column: 'customer_id', severity: 'warn' },
      { kind: 'quarantine_rate', source: 'shop', maxPct: 1, severity: 'error' },
    ], 'run-7');
    expect(statuses(rs)).toEqual({ unique_customer_360_customer_id: 'warn', not_null_customers_customer_id: 'error', quarantine_rate_shop: 'error' });
    expect(rs[1]!.message).toMatch(/^Table with name customers does not exist/);
    expect(rs[2]!.message).toBe('unknown source "shop": the config\'s "sources" does not name it');
    const recorded = await t.warehouse.all<{ test: string; status: string; failing_rows: number | null; tested_at: Date }>(
      'SELECT test, status, failing_rows, tested_at FROM data_test_results WHERE run_id = $1 ORDER BY test', ['run-7']);
    expect(recorded.map((r) => [r.test, r.status, r.failing_rows])).toEqual([
      ['not_null_customers_customer_id', 'error', null], ['quarantine_rate_shop', 'error', null], ['unique_customer_360_customer_id', 'warn', 2]]);
    expect(recorded[0]!.tested_at).toEqual(now);
    await run([{ kind: 'unique', table: 'customer_360', column: 'customer_id', severity: 'warn' }], 'run-7'); // the same run again replaces its rows
    expect(await t.warehouse.all('SELECT test FROM data_test_results WHERE run_id = $1', ['run-7'])).toEqual([{ test: 'unique_customer_360_customer_id' }]);
  });

  it('refuses two tests with the same name, a row_count_change without a limit and a bad duration', () => {
    const r = DataTestsConfig.safeParse([
      { kind: 'unique', table: 'customer_360', column: 'customer_id' },
      { kind: 'unique', table: 'customer_360', column: 'customer_id' },
      { kind: 'row_count_change', table: 'customer_360' },
      { kind: 'freshness', source: 'orders', maxAge: 'two days' },
    ]);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['2', 'set maxDecreasePct, maxIncreasePct or both'],
      ['3.maxAge', 'expected a duration such as "12h", "2d"'],
      ['1.name', 'a second data test named "unique_customer_360_customer_id": give one a "name"'],
    ]);
  });
});
