// The DuckDB CLV summary matches the pure summarizeTransactions, on inline fixtures and on CDNOW.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../transforms/clv/index.js';
import type { CustomerSummary, SummarizeOptions, Transaction } from '../../transforms/clv/index.js';
import { summarizeInWarehouse } from '../../transforms/clv-summary.js';
import type { WarehouseClvSummary } from '../../transforms/clv-summary.js';
import { literal } from '../../warehouse/warehouse.js';
import { datasetPath } from '../helpers/datasets.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const rows: Transaction[] = [
  { customer: 'a', date: '1997-01-01', amount: 10 },
  { customer: 'a', date: '1997-01-01', amount: 5 }, // same day: one transaction
  { customer: 'a', date: '1997-01-15', amount: 20 },
  { customer: 'b', date: '1997-01-08', amount: 7 },
  { customer: 'a', date: '1997-01-29', amount: 40 },
  { customer: 'a', date: '1997-02-05', amount: 99 }, // holdout
  { customer: 'b', date: '1997-02-10', amount: 3 }, // holdout
  { customer: 'b', date: '1997-02-10', amount: 4 }, // holdout, same day
  { customer: 'c', date: '1997-02-02', amount: 8 }, // first purchase after calibration
  { customer: 'a', date: '1997-03-01', amount: 1 }, // after the holdout
  { customer: 'd', date: '1997-01-03', amount: 12.5 },
  { customer: 'd', date: '1997-01-04', amount: 0.1 },
  { customer: 'd', date: '1997-01-28', amount: 0.2 },
];

async function loadTransactions(data: readonly Transaction[]): Promise<string> {
  await t.warehouse.run('CREATE TABLE tx (customer_id VARCHAR, day DATE, amount DOUBLE)');
  const appender = await t.warehouse.connection.createAppender('tx');
  for (const row of data) {
    appender.appendVarchar(String(row.customer));
    appender.appendVarchar(String(row.date));
    appender.appendDouble(row.amount);
    appender.endRow();
  }
  appender.closeSync();
  return 'SELECT customer_id, day, amount FROM tx';
}

// Compares the warehouse summary with the pure one customer by customer (the SQL sorts by id).
function expectSameSummary(sql: WarehouseClvSummary, pure: CustomerSummary): void {
  expect([...sql.customers].sort()).toEqual(pure.customers.map(String).sort());
  const at = new Map(pure.customers.map((c, i) => [String(c), i]));
  const pick = (col: ArrayLike<number>) => sql.customers.map((c) => col[at.get(c)!]!);
  expect(Array.from(sql.x)).toEqual(pick(pure.x));
  expect(Array.from(sql.tx)).toEqual(pick(pure.tx));
  expect(Array.from(sql.T)).toEqual(pick(pure.T));
  const monetary = pick(pure.monetary);
  sql.monetary.forEach((m, i) => expect(m).toBeCloseTo(monetary[i]!, 9)); // sums may run in another order
  if (pure.holdoutPurchases) expect(Array.from(sql.holdoutPurchases!)).toEqual(pick(pure.holdoutPurchases));
  else expect(sql.holdoutPurchases).toBeUndefined();
  expect(sql.holdoutLength).toBe(pure.holdoutLength);
}

describe('summarizeInWarehouse', () => {
  const cases: [string, SummarizeOptions][] = [
    ['weeks with a holdout', { period: 'week', calibrationEnd: '1997-01-29', holdoutEnd: '1997-02-26' }],
    ['days without a holdout', { period: 'day', calibrationEnd: '1997-01-29' }],
    ['a calibration end between purchases', { period: 'week', calibrationEnd: '1997-01-20', holdoutEnd: '1997-02-10' }],
  ];
  for (const [name, options] of cases) {
    it(`matches summarizeTransactions: ${name}`, async () => {
      const transactions = await loadTransactions(rows);
      const sql = await summarizeInWarehouse(t.warehouse, { transactions, ...options } as Parameters<typeof summarizeInWarehouse>[1]);
      expectSameSummary(sql, summarizeTransactions(rows, options));
    });
  }

  it('records the total calibration spend including the first purchase', async () => {
    const transactions = await loadTransactions(rows);
    const s = await summarizeInWarehouse(t.warehouse, { transactions, period: 'week', calibrationEnd: '1997-01-29' });
    expect(s.customers).toEqual(['a', 'b', 'd']);
    [75, 7, 12.8].forEach((v, i) => expect(s.calibrationValue[i]).toBeCloseTo(v, 9));
  });

  it('returns empty arrays when nobody bought before the calibration end', async () => {
    const transactions = await loadTransactions(rows);
    const s = await summarizeInWarehouse(t.warehouse, { transactions, period: 'day', calibrationEnd: '1996-12-31' });
    expect(s.customers).toEqual([]);
    expect(s.x).toHaveLength(0);
  });

  it('rejects a holdout end that is not after the calibration end', async () => {
    const transactions = await loadTransactions(rows);
    await expect(summarizeInWarehouse(t.warehouse, { transactions, period: 'day', calibrationEnd: '1997-01-29', holdoutEnd: '1997-01-29' }))
      .rejects.toThrow(/holdoutEnd .* must be after calibrationEnd/);
  });

  it('matches summarizeTransactions on the 2,357 CDNOW customers, across several data chunks', async () => {
    const file = datasetPath('cdnow/CDNOW_sample.txt');
    const data: Transaction[] = readFileSync(file, 'utf8').trim().split('\n').map((line) => {
      const [id, , day, , dollars] = line.trim().split(/\s+/);
      return { customer: id!, date: `${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6, 8)}`, amount: Number(dollars) };
    });
    // The same file read by DuckDB itself: whitespace-separated fields split in SQL.
    const transactions = `SELECT f[1] AS customer_id, strptime(f[3], '%Y%m%d')::DATE AS day, f[5]::DOUBLE AS amount
      FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS f
            FROM read_csv(${literal(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = '\\x1f', quote = '', escape = '', auto_detect = false))`;
    const options = { period: 'week', calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' } as const;
    const sql = await summarizeInWarehouse(t.warehouse, { transactions, ...options });
    expect(sql.customers).toHaveLength(2357);
    expectSameSummary(sql, summarizeTransactions(data, options));
  });
});
