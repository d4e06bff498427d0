// Incremental identity builds split customers exactly as a full build: by a link over a limit, and by a newly blocked value.
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ordersChannel } from '../../sources/contracts/index.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig, type IdentityConfigInput } from '../../transforms/identity-config.js';
import { insertRows } from '../helpers/channel-rows.js';
import { compareWarehouses } from '../helpers/compare-tables.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let inc: TempWarehouse;
let full: TempWarehouse;
beforeEach(async () => { [inc, full] = [await tempWarehouse(), await tempWarehouse()]; });
afterEach(async () => { await inc.dispose(); await full.dispose(); });

const order = (order_id: string, customer_ref: string, email: string) =>
  ({ order_id, line_no: 1, customer_ref, email, status: 'completed', currency: 'EUR', quantity: 1, amount: 10, ordered_at: '2026-01-10T10:00:00Z' });
const identityTables = { identities: [], customer_ids: ['assigned_at', 'run_id'], identity_merges: ['merged_at', 'run_id'], identity_merge_refusals: ['run_id'], identity_values: [], identity_raw_stats: [], identity_links: [] };

/** Runs the same two builds on both warehouses, the second one incremental on `inc` and full on `full`. */
async function twoBuilds(first: readonly ReturnType<typeof order>[], second: readonly ReturnType<typeof order>[], config: [IdentityConfigInput, IdentityConfigInput]) {
  const results = [];
  for (const [t, fullSecond] of [[inc, false], [full, true]] as const) {
    await insertRows(t.warehouse, ordersChannel, first);
    await buildIdentities(t.warehouse, { config: IdentityConfig.parse(config[0]), runId: 'run-1', now: new Date('2026-01-01T00:00:00Z') });
    await insertRows(t.warehouse, ordersChannel, second);
    results.push(await buildIdentities(t.warehouse, { config: IdentityConfig.parse(config[1]), runId: 'run-2', now: new Date('2026-01-02T00:00:00Z'), full: fullSecond }));
  }
  inc.warehouse.close();
  full.warehouse.close();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const diffs = await compareWarehouses(c, `${inc.dir}/warehouse.duckdb`, `${full.dir}/warehouse.duckdb`, identityTables);
  const splits = (await (await c.runAndReadAll(`ATTACH '${inc.dir}/warehouse.duckdb' AS w (READ_ONLY);
    SELECT count(*)::INTEGER FROM w.identity_merges WHERE event = 'split'`)).getRows())[0]![0];
  c.closeSync();
  db.closeSync();
  // Both files are closed above (the comparison attaches them); dispose() then only removes the folders.
  for (const t of [inc, full]) Object.assign(t, { warehouse: { close() {} } });
  return { incremental: results[0]!, diffs, splits: Number(splits) };
}

describe('incremental identity builds', () => {
  it('splits a customer whose account, with one more email, goes over the limit, as a full build does', async () => {
    // A1 links three emails (the limit): one customer. A new order gives A1 a fourth: A1 is refused, the customer splits.
    const r = await twoBuilds(
      [order('o1', 'A1', 'a@example.com'), order('o2', 'A1', 'b@example.com'), order('o3', 'A1', 'c@example.com'), order('o9', 'Z9', 'z@example.com')],
      [order('o4', 'A1', 'd@example.com')],
      [{ maxPerCustomer: { email: 3 } }, { maxPerCustomer: { email: 3 } }],
    );
    expect(r.incremental.full).toBe(false);
    expect(r.incremental.recomputed).toBe(5); // A1 and its four emails; Z9's customer is left alone
    expect(r.incremental.refusals).toBe(1);
    expect(r.splits).toBeGreaterThan(0);
    expect(r.diffs).toEqual([]);
  });

  it('splits a customer when the value linking it is newly blocked, as a full build does', async () => {
    const r = await twoBuilds(
      [order('o1', 'SHARED', 'a@example.com'), order('o2', 'SHARED', 'b@example.com')],
      [order('o3', 'B7', 'b@example.com')],
      [{}, { blocked: { account: ['SHARED'] } }],
    );
    expect(r.incremental.full).toBe(true);
    expect(r.incremental.reason).toBe('the identity config changed');
    expect(r.splits).toBe(2); // {a} and {SHARED} get new ids; {b, B7} keeps the old one (ties go to the smallest label)
    expect(r.diffs).toEqual([]);
  });

  it('reads every row again when rows arrive with a load time before the watermark (a clock set back)', async () => {
    const build = () => buildIdentities(inc.warehouse, { config: IdentityConfig.parse({}), runId: 'r', now: new Date('2026-01-01T00:00:00Z') });
    await insertRows(inc.warehouse, ordersChannel, [order('o1', 'A1', 'a@example.com')]);
    await build();
    await inc.warehouse.run(`INSERT INTO order_lines SELECT * REPLACE ('o2' AS order_id, TIMESTAMP '2000-01-01' AS _loaded_at) FROM order_lines`);
    const r = await build();
    expect(r.full).toBe(true);
    expect(r.reason).toBe("1 rows loaded with a time before the last build's watermark");
    expect(await inc.warehouse.all(`SELECT identity, records FROM identities ORDER BY 1`)).toEqual([
      { identity: 'account:A1', records: 2 }, { identity: 'email:a@example.com', records: 2 },
    ]);
  });

  it('reads a build state written with one row count per channel table, then builds incrementally again', async () => {
    const build = () => buildIdentities(inc.warehouse, { config: IdentityConfig.parse({}), runId: 'r', now: new Date('2026-01-01T00:00:00Z') });
    await insertRows(inc.warehouse, ordersChannel, [order('o1', 'A1', 'a@example.com')]);
    await build();
    // The layout before channels came from the registry: a count per table and the config's fingerprint alone.
    await inc.warehouse.run(`CREATE OR REPLACE TABLE identity_build_state AS
      SELECT built_through, split_part(config_hash, ':', 1) AS config_hash, 0::BIGINT AS email_rows, 0::BIGINT AS social_rows,
             channel_rows AS order_rows, run_id, built_at FROM identity_build_state`);
    await insertRows(inc.warehouse, ordersChannel, [order('o2', 'A1', 'b@example.com')]);
    expect(await build()).toMatchObject({ full: true, reason: "the channels' identifiers changed" });
    await insertRows(inc.warehouse, ordersChannel, [order('o3', 'A2', 'c@example.com')]);
    expect(await build()).toMatchObject({ full: false, reason: 'new rows only', customers: 2 });
  });
});
