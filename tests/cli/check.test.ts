// `rapport check`: the config and every source read through its contract into a throwaway warehouse, nothing loaded.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli-run.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-check-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const orders = [
  'order_id,line_no,customer_ref,status,currency,quantity,amount,ordered_at',
  'o1,1,c1,completed,EUR,1,10.00,2026-01-02T10:00:00Z',
  'o2,1,c2,completed,EUR,2,N/A,2026-01-03T10:00:00Z', // record 2: not a number
  ',1,c3,completed,EUR,1,5.00,2026-01-04T10:00:00Z', // record 3: no order id
  'o1,1,c1,completed,EUR,1,10.00,2026-01-02T10:00:00Z', // record 4: the same row again
].join('\n') + '\n';

describe('rapport check', () => {
  it('says per source what would load, be quarantined and why, previews rows, and loads nothing', async () => {
    await writeFile(path.join(dir, 'orders.csv'), orders);
    const config = await writeConfig(dir, { warehouse: 'w.duckdb', sources: { orders: { connector: 'file', channel: 'orders', path: 'orders.csv' } } });
    const r = await runCli(['check', '--rows', '1', '--config', config], dir);
    expect(r.code, r.err).toBe(0);
    const file = path.join(dir, 'orders.csv');
    expect(r.out.split('\n')).toEqual([
      `config ${config}: valid; sources: orders; pipelines: (none)`,
      'source orders (orders): read 4 = would load 1 + quarantine 2 + merge 1 duplicates',
      `  would quarantine 1: amount: expected a number that fits DECIMAL(18,2), got "N/A" (e.g. ${file} record 2)`,
      `  would quarantine 1: order_id: missing required field (e.g. ${file} record 3)`,
      expect.stringMatching(/^ {2}row: \{"order_id":"o1","line_no":1,"customer_ref":"c1",.*"amount":10,.*"ordered_at":"2026-01-02T10:00:00.000Z"/),
    ]);
    expect(existsSync(path.join(dir, 'w.duckdb'))).toBe(false);
  });

  it('exits 1 naming the source whose file does not fit its mapping, and still checks the others', async () => {
    await writeFile(path.join(dir, 'orders.csv'), orders);
    const config = await writeConfig(dir, { warehouse: 'w.duckdb', sources: {
      shop: { connector: 'file', channel: 'orders', path: 'orders.csv', mapping: { order_id: 'OrderNumber' } },
      orders: { connector: 'file', channel: 'orders', path: 'orders.csv' },
    } });
    const r = await runCli(['check', '--rows', '0', '--config', config], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^source shop \(orders\): FAILED: .*OrderNumber/m);
    expect(r.out).toContain('source orders (orders): read 4 = would load 1 + quarantine 2 + merge 1 duplicates');
    expect((await runCli(['check', '--source', 'nope', '--config', config], dir)).err)
      .toBe('rapport: no source "nope" in the config: expected one of shop, orders');
  });
});
