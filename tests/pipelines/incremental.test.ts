// An incremental daily run leaves the same tables as a full rebuild on the same data: new days, late rows, corrections, merges, refusals.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitSample } from '../../bench/split-sample.js';
import { analyticTables, compareWarehouses } from '../helpers/compare-tables.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { openWarehouse } from '../../warehouse/warehouse.js';

const cutoff = '2026-10-27'; // the sample ends 2026-10-31: the last days arrive as new files
const channels = ['email', 'social', 'orders', 'support', 'feedback', 'contacts'] as const;
let root: string;
const sample = () => path.join(root, 'sample');

const orderHeader = 'order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at';

/**
 * New files of hand-made changes, picked from what the first run resolved: an order linking two customers' emails
 * (a merge), a correction of an existing order line to another customer's email, of another line's amount alone, and
 * of an email event to another address (rows replaced), and an account written on orders with 11 customers' emails (over the limit of 10: refused).
 */
async function writeChanges(firstRun: string, dir: string): Promise<{ merged: [string, string] }> {
  const wh = await openWarehouse(firstRun, { readOnly: true });
  try {
    const emails = await wh.all<{ customer_id: string; raw: string }>(`
      SELECT i.customer_id, min(v.raw) AS raw FROM identities i JOIN identity_values v USING (identity)
      WHERE i.kind = 'email' AND i.status = 'linked' AND v.raw LIKE '%@%' AND v.raw NOT LIKE '%,%' AND v.raw NOT LIKE '%"%'
      GROUP BY i.customer_id ORDER BY i.customer_id LIMIT 20`);
    const lineOf = (order: string) => wh.all<Record<string, string>>(`SELECT order_id, line_no::VARCHAR AS line_no, coalesce(customer_ref, '') AS customer_ref, phone, email,
      status, currency, sku, quantity::VARCHAR AS quantity, unit_price::VARCHAR AS unit_price, amount::VARCHAR AS amount,
      strftime(ordered_at, '%Y-%m-%dT%H:%M:%SZ') AS ordered_at FROM order_lines WHERE customer_ref IS NOT NULL AND status = 'completed'
      AND email NOT LIKE '%,%' ORDER BY order_id ${order}, line_no LIMIT 1`);
    // The first order's line moves to another email; the last order's line keeps its identifiers.
    const [[line], [kept]] = [await lineOf('ASC'), await lineOf('DESC')];
    const [event] = await wh.all<Record<string, string>>(`SELECT event_id, event_type, coalesce(campaign_id, '') AS campaign_id,
      strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS occurred_at FROM email_events ORDER BY event_id LIMIT 1`);
    const [a, b] = [emails[0]!, emails[1]!];
    const rows = [
      `merge-1,1,,${a.raw},,completed,EUR,SKU-1,1,10.00,10.00,2026-10-30T10:00:00Z`,
      `merge-1,2,,${b.raw},,completed,EUR,SKU-2,1,12.00,12.00,2026-10-30T10:00:00Z`,
      // A correction: the same order line again, now with another customer's email.
      `${line!.order_id},${line!.line_no},${line!.customer_ref},${emails[2]!.raw},${line!.phone ?? ''},${line!.status},${line!.currency},${line!.sku},${line!.quantity},${line!.unit_price},${line!.amount},${line!.ordered_at}`,
      // A correction that keeps every identifier: the same line, ten times the amount (no identifier count changes).
      `${kept!.order_id},${kept!.line_no},${kept!.customer_ref},${kept!.email ?? ''},${kept!.phone ?? ''},${kept!.status},${kept!.currency},${kept!.sku},${kept!.quantity},${kept!.unit_price},${Number(kept!.amount) * 10},${kept!.ordered_at}`,
      ...emails.slice(5, 16).map((e, i) => `hub-${i},1,HUB-ACCOUNT,${e.raw},,completed,EUR,SKU-3,1,5.00,5.00,2026-10-29T09:00:00Z`),
    ];
    await writeFile(path.join(dir, 'orders', 'orders-3.csv'), [orderHeader, ...rows].join('\n') + '\n');
    await writeFile(path.join(dir, 'email', 'email-3.csv'),
      `event_id,event_type,email,campaign_id,occurred_at,url\n${event!.event_id},${event!.event_type},${emails[3]!.raw},${event!.campaign_id},${event!.occurred_at},\n`);
    return { merged: [a.customer_id, b.customer_id] };
  } finally {
    wh.close();
  }
}

/** A project folder whose sources read every file of its `data/<channel>/` folders. */
async function project(name: string): Promise<{ dir: string; config: string; data: string; warehouse: string }> {
  const dir = path.join(root, name);
  const data = path.join(dir, 'data');
  for (const ch of channels) await mkdir(path.join(data, ch), { recursive: true });
  const config = await writeConfig(dir, {
    warehouse: 'warehouse.duckdb',
    outputs: { exports: 'exports', reports: 'reports' },
    sources: {
      email: { connector: 'file', channel: 'email', path: 'data/email/*.csv' },
      social: { connector: 'file', channel: 'social', path: 'data/social/*.ndjson' },
      orders: { connector: 'file', channel: 'orders', path: 'data/orders/*.csv' },
      support: { connector: 'file', channel: 'support', path: 'data/support/*.csv' },
      feedback: { connector: 'file', channel: 'feedback', path: 'data/feedback/*.csv' },
      contacts: { connector: 'file', channel: 'contacts', path: 'data/contacts/*.csv' },
      products: { connector: 'file', channel: 'products', path: path.join(sample(), 'products.csv') },
    },
    identity: { defaultCountry: 'DE', fallbackCountries: ['US'] },
  });
  return { dir, config, data, warehouse: path.join(dir, 'warehouse.duckdb') };
}

async function copyInto(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

async function daily(p: { dir: string; config: string }, ...flags: string[]): Promise<string> {
  const r = await runCli(['run', 'daily', '--verbose', '--config', p.config, ...flags], p.dir);
  expect(r.code, r.err + r.out).toBe(0);
  return r.err + r.out;
}

let diffs: string[];
let rebuildDiffs: string[];
let incrementalLog: string;
let rebuildLog: string;
let merged: [string, string];
let inc: Awaited<ReturnType<typeof project>>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'rapport-incremental-'));
  expect((await runCli(['sample', '--customers', '600', '--seed', '7', '--out', sample()], root)).code).toBe(0);
  const parts = { before: path.join(root, 'before'), after: path.join(root, 'after') };
  await splitSample(sample(), cutoff, parts, 40, channels); // every 40th older record arrives late, with the new days
  inc = await project('incremental');
  const full = await project('full');
  for (const p of [inc, full]) {
    await copyInto(parts.before, p.data);
    await daily(p);
  }
  ({ merged } = await writeChanges(inc.warehouse, parts.after));
  for (const p of [inc, full]) await copyInto(parts.after, p.data);
  incrementalLog = await daily(inc);
  await daily(full, '--full-refresh');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  diffs = await compareWarehouses(c, inc.warehouse, full.warehouse, analyticTables);
  // The incremental warehouse rebuilt from its own history (no new rows) must not change either.
  rebuildLog = await daily(inc, '--rebuild');
  rebuildDiffs = await compareWarehouses(c, inc.warehouse, full.warehouse, analyticTables);
  c.closeSync();
  db.closeSync();
}, 600_000);
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('rapport run daily, incrementally', () => {
  it('processed only what was new', () => {
    expect(incrementalLog).toMatch(/identities: incremental/);
    expect(incrementalLog).toMatch(/customer_360: incremental/);
    expect(incrementalLog).toMatch(/customer_preferences: incremental/);
    expect(incrementalLog).toMatch(/customer_sentiment: incremental/);
    // The CLV model is re-estimated, from the stored fit (a few Newton steps) instead of a full search.
    expect(incrementalLog).toMatch(/clv_predictions: fit: warm start from the stored fit/);
    // Both runs' as-of dates (2026-10-27, 2026-11-01) share the recommendation model's week (from Monday 2026-10-26),
    // but the late rows include orders from before it: the model's input moved, so it is rebuilt, as a full run would.
    expect(incrementalLog).toMatch(/product_recommendations: full build \(purchases before the model date changed/);
  });

  it('leaves every analytic table as a --full-refresh run on the same data does (EXCEPT ALL both ways)', () => {
    expect(diffs).toEqual([]);
  });

  it('gives the same tables again when rebuilt from its own history with --rebuild', () => {
    expect(rebuildLog).toMatch(/identities: full build \(full refresh asked for\)/);
    expect(rebuildLog).toMatch(/customer_360: full build/);
    expect(rebuildDiffs).toEqual([]);
  });

  it('merged the two customers a new order linked, keeping the older id', async () => {
    const wh = await openWarehouse(inc.warehouse, { readOnly: true });
    try {
      const rows = await wh.all<{ surviving_id: string; absorbed_id: string }>(`SELECT surviving_id, absorbed_id FROM identity_merges WHERE event = 'merge'`);
      expect(rows).toContainEqual({ surviving_id: [...merged].sort()[0], absorbed_id: [...merged].sort()[1] });
      const [refused] = await wh.all<{ status: string }>(`SELECT status FROM identities WHERE identity = 'account:HUB-ACCOUNT'`);
      expect(refused).toEqual({ status: 'refused' });
    } finally {
      wh.close();
    }
  });
});
